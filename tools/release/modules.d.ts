// The little of yazl's API that dist.mts uses (it ships no types; postject runs as its CLI).
declare module 'yazl' {
  import type { Readable } from 'node:stream';
  export class ZipFile {
    outputStream: Readable;
    addFile(realPath: string, metadataPath: string, options?: { mtime?: Date; mode?: number; compress?: boolean; compressionLevel?: number }): void;
    end(): void;
  }
  const yazl: { ZipFile: typeof ZipFile };
  export default yazl;
}
