// 1-based line/column spans for the output formats, converted through LineIndex from the core's offsets.
import { LineIndex } from '../../wix/lineIndex';
import type { SourceLocation } from '../../model/installer';

/** 1-based; columns count UTF-16 code units (as ESLint and SARIF's default columnKind do); the end is exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export class SpanConverter {
  private readonly indexes = new Map<string, LineIndex>();

  /** texts: LintResult.texts. A file missing from it maps every offset to 1:1 rather than failing the whole report. */
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  span(location: SourceLocation): Span {
    let index = this.indexes.get(location.file);
    if (!index) {
      index = new LineIndex(this.texts.get(location.file) ?? '');
      this.indexes.set(location.file, index);
    }
    const start = index.positionAt(location.start);
    const end = index.positionAt(location.end);
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }
}
