// The one error the MSI reader throws: what is wrong with the file, in a sentence, and a kind for callers to switch on.

export type MsiErrorKind = 'empty' | 'truncated' | 'not-compound-file' | 'corrupt-container' | 'not-msi' | 'unsupported' | 'corrupt-database';

export class MsiFormatError extends Error {
  constructor(
    readonly kind: MsiErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'MsiFormatError';
  }
}
