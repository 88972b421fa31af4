// The openai SDK, loaded on first use rather than at start-up: a plugin process that only plans, validates
// or serves its schema never sends a request, and the SDK is the largest module it would otherwise load.
import type * as OpenAISdk from 'openai';

let loaded: typeof OpenAISdk | undefined;

export function sdk(): typeof OpenAISdk {
  return (loaded ??= require('openai') as typeof OpenAISdk);
}
