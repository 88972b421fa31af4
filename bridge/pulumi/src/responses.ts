// The protobuf answers built from core results: check failures, diffs, and errors (a partial create carries the
// object it left behind, for the engine to keep).
import { OpenAIIacError, PartialCreateError, spellNames, type Failure, type ResourceSpec, type Value, type ValueObject } from '@openai-iac/core';
import type * as grpcjs from '@grpc/grpc-js';
import type * as pb from '@pulumi/pulumi/proto/provider_pb';
import { encode, propertyPath, type Properties } from './marshal';
import { anypb, grpc, providerpb, statuspb, type Struct } from './proto';

type Kind = pb.PropertyDiff.Kind;
const { Kind } = providerpb.PropertyDiff;
const { DiffChanges } = providerpb.DiffResponse;

export function checkFailures(props: Properties, failures: readonly Failure[]): pb.CheckFailure[] {
  return failures.map((f) => new providerpb.CheckFailure().setProperty(propertyPath(props, f.path)).setReason(spellNames(f.message, 'pulumi')));
}

const absent = (v: Value | undefined): boolean => v === undefined || v === null;

/** How a changed property differs: added, deleted or updated, replacing or not. */
function diffKind(old: Value | undefined, next: Value | undefined, replaces: boolean): Kind {
  if (absent(old)) return replaces ? Kind.ADD_REPLACE : Kind.ADD;
  if (absent(next)) return replaces ? Kind.DELETE_REPLACE : Kind.DELETE;
  return replaces ? Kind.UPDATE_REPLACE : Kind.UPDATE;
}

/** The answer to Diff and DiffConfig: every changed property, keyed by its Pulumi name. */
export function diffResponse(
  props: Properties,
  olds: ValueObject,
  changed: readonly string[],
  news: ValueObject,
  replaces: readonly string[],
  deleteBeforeReplace: boolean,
) {
  const name = (n: string) => propertyPath(props, [n]);
  const res = new providerpb.DiffResponse()
    .setChanges(changed.length > 0 ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE)
    .setDiffsList(changed.map(name))
    .setReplacesList(replaces.map(name))
    .setDeletebeforereplace(deleteBeforeReplace)
    .setHasdetaileddiff(true);
  const detailed = res.getDetaileddiffMap();
  for (const n of changed) {
    detailed.set(name(n), new providerpb.PropertyDiff().setKind(diffKind(olds[n], news[n], replaces.includes(n))).setInputdiff(false));
  }
  return res;
}

/** A partial create or update: the object exists and the engine must keep it (ErrorResourceInitFailed). */
class InitFailed extends Error {
  constructor(
    readonly id: string,
    readonly properties: Struct,
    message: string,
  ) {
    super(message);
  }
}

const CODES: Partial<Record<string, grpcjs.status>> = {
  validation: grpc.status.INVALID_ARGUMENT,
  config: grpc.status.FAILED_PRECONDITION,
  not_found: grpc.status.NOT_FOUND,
  unauthorized: grpc.status.UNAUTHENTICATED,
  forbidden: grpc.status.PERMISSION_DENIED,
  rate_limited: grpc.status.RESOURCE_EXHAUSTED,
  timeout: grpc.status.DEADLINE_EXCEEDED,
};

/** A gRPC error carrying the core's message (scrubbed, its names in Pulumi's spelling); a partial create carries the object too. */
export function grpcError(e: unknown, scrub: (s: string) => string): Partial<grpcjs.StatusObject> {
  const message = spellNames(scrub(e instanceof Error ? e.message : String(e)), 'pulumi');
  if (e instanceof InitFailed) {
    const detail = new providerpb.ErrorResourceInitFailed().setId(e.id).setProperties(e.properties).setReasonsList([message]);
    const any = new anypb.Any();
    any.pack(detail.serializeBinary(), 'pulumirpc.ErrorResourceInitFailed');
    const status = new statuspb.Status().setCode(grpc.status.UNKNOWN).setMessage(message).setDetailsList([any]);
    const metadata = new grpc.Metadata();
    metadata.add('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
    return { code: grpc.status.UNKNOWN, details: message, metadata };
  }
  return { code: (e instanceof OpenAIIacError && CODES[e.kind]) || grpc.status.UNKNOWN, details: message };
}

/** A partial create (or update) becomes an error that carries the object for the engine to keep. */
export function initFailed(e: unknown, spec: ResourceSpec, secrets: ReadonlySet<string>): unknown {
  return e instanceof PartialCreateError ? new InitFailed(e.id, encode(spec.properties, e.state, secrets), e.message) : e;
}
