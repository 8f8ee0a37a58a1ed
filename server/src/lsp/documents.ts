// The open documents as the server keeps them: line ends made LF as they arrive. LSP counts CR LF, CR and LF each as
// one line end, so a position (line, character) is the same in the client's text and in this one; and everything the
// server reads (the lint, navigation, fixes) works on LF-normalized text (XmlDocument.text). A 5 MB document with
// CR LF line ends is then not normalized again, into a second 5 MB string, on every keystroke. What a document used is
// remembered for the edits the server sends back (code actions write CR LF into a CR LF document).
//
// The one case where the two counts could differ — a lone CR in the client's text meeting an LF inserted next to it,
// which the client reads as one line end and this text as two — needs a lone CR, which editors do not write.
//
// An edit does not make a new text: joining a 5 MB document's text around a keystroke costs about 15 ms on this
// machine, and is left to the first reader of the whole text (the lint, after its pause). Until then a few characters
// (completion's look back at the tag being typed) are read through the edits, from the last text read whole.
import { TextDocuments } from 'vscode-languageserver';
import type { Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../wix/lineIndex';

export class OpenDocuments {
  readonly documents: TextDocuments<TextDocument>;
  /** Whether each open document used CR LF line ends when it was opened (or last sent whole). */
  private readonly crlf = new Map<string, boolean>();

  constructor() {
    this.documents = new TextDocuments<LfDocument>({
      create: (uri, languageId, version, content) => {
        this.crlf.set(uri, content.includes('\r\n'));
        return new LfDocument(uri, languageId, version, lf(content));
      },
      update: (document, changes, version) => {
        for (const c of changes) {
          if ('range' in c) {
            document.edit(c.range, lf(c.text));
          } else {
            this.crlf.set(document.uri, c.text.includes('\r\n'));
            document.replace(lf(c.text));
          }
        }
        document.version = version;
        return document;
      },
    });
    this.documents.onDidClose((e) => this.crlf.delete(e.document.uri));
  }

  /** Whether the client's text of an open document uses CR LF line ends; undefined for a document not open. */
  usesCrlf(uri: string): boolean | undefined {
    return this.crlf.get(uri);
  }
}

function lf(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * Positions in `text` (LF line ends): the open document's own line index when `text` is its text, the same string
 * compared by reference, as when the lint or a fix read it; else an index built for it.
 */
export function positionsIn(
  text: string,
  open: { getText(): string; positionAt(offset: number): Position } | undefined,
): {
  positionAt(offset: number): Position;
} {
  return open !== undefined && open.getText() === text ? open : new LineIndex(text);
}

/** An edit in the text before it: `[start, end)` replaced by `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Edits kept before the text is joined anyway: reading through them costs a step per edit. */
const MAX_PENDING_EDITS = 64;
/** Line starts passed to splice as arguments at most (a call takes only so many); more are copied. */
const MAX_SPLICED_LINES = 10_000;

/**
 * An open document with LF line ends (see above): its line starts are kept up to date edit by edit, and its text is
 * the last text read whole plus the edits since, joined when a reader asks for all of it.
 */
export class LfDocument implements TextDocument {
  /** The text when it was last read whole (or opened), and the edits since, oldest first. */
  private base: string;
  private readonly edits: Edit[] = [];
  private length: number;
  /** Where each line starts; [0] is 0. Only LF ends a line. */
  private lineStarts: number[];

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.base = text;
    this.length = text.length;
    this.lineStarts = lineStartsOf(text, 0, [0]);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  getText(range?: Range): string {
    if (range) {
      const [a, b] = [this.offsetAt(range.start), this.offsetAt(range.end)];
      // A reversed range reads as its ends swapped, as substring does.
      return this.slice(Math.min(a, b), Math.max(a, b));
    }
    if (this.edits.length > 0) {
      this.base = this.slice(0, this.length);
      this.edits.length = 0;
    }
    return this.base;
  }

  /** Up to `count` characters before `offset`, read without joining the whole text. */
  textBefore(offset: number, count: number): { text: string; start: number } {
    const end = Math.max(0, Math.min(offset, this.length));
    const start = Math.max(0, end - count);
    return { text: this.slice(start, end), start };
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.length));
    const line = this.lineOf(at);
    return { line, character: at - this.lineStarts[line]! };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line]!;
    if (position.character <= 0) return start;
    // Never past the line's end: its LF, or the end of the text.
    return Math.min(start + position.character, this.lineEnd(position.line));
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const last = Math.min(line, this.lineStarts.length - 1);
    const start = this.lineStarts[last]!;
    const end = line < this.lineStarts.length ? this.lineEnd(last) : this.length;
    return { start: { line: last, character: 0 }, end: { line: last, character: end - start } };
  }

  getEOLCharacters(line: number): string {
    return line >= 0 && line < this.lineStarts.length - 1 ? '\n' : '';
  }

  /** Replaces `range` (clamped to the text) with `text`, which has LF line ends. */
  edit(range: Range, text: string): void {
    let start = this.offsetAt(range.start);
    let end = this.offsetAt(range.end);
    if (end < start) [start, end] = [end, start];
    const startLine = this.lineOf(start);
    const endLine = this.lineOf(end);
    const shift = text.length - (end - start);
    // Lines starting inside the replaced text go; those in the new text come; those after it move.
    const added = lineStartsOf(text, start, []);
    const after = this.lineStarts.length - endLine - 1;
    if (added.length > MAX_SPLICED_LINES) {
      this.lineStarts = [...this.lineStarts.slice(0, startLine + 1), ...added, ...this.lineStarts.slice(endLine + 1)];
    } else if (added.length !== endLine - startLine) {
      this.lineStarts.splice(startLine + 1, endLine - startLine, ...added);
    } else {
      for (let i = 0; i < added.length; i++) this.lineStarts[startLine + 1 + i] = added[i]!;
    }
    if (shift !== 0) for (let i = this.lineStarts.length - after; i < this.lineStarts.length; i++) this.lineStarts[i]! += shift;
    this.length += shift;
    this.edits.push({ start, end, text });
    if (this.edits.length > MAX_PENDING_EDITS) this.getText();
  }

  /** The whole text sent anew. */
  replace(text: string): void {
    this.base = text;
    this.edits.length = 0;
    this.length = text.length;
    this.lineStarts = lineStartsOf(text, 0, [0]);
  }

  private lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.lineStarts[mid]! > offset) high = mid;
      else low = mid + 1;
    }
    return low - 1;
  }

  /** The offset of the LF that ends `line`, or the text's end for the last line. */
  private lineEnd(line: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1]! - 1 : this.length;
  }

  /** The current text's `[start, end)`, put together from the base text and the edits. */
  private slice(start: number, end: number): string {
    if (this.edits.length === 0) return this.base.slice(start, end);
    const parts: string[] = [];
    this.collect(this.edits.length, start, end, parts);
    return parts.join('');
  }

  /** Appends to `parts` the text after the first `version` edits, from `start` to `end`. */
  private collect(version: number, start: number, end: number, parts: string[]): void {
    if (start >= end) return;
    if (version === 0) {
      parts.push(this.base.slice(start, end));
      return;
    }
    const e = this.edits[version - 1]!;
    const insertedEnd = e.start + e.text.length;
    // Before the edit: as it was; inside it: the new text; after it: as it was, moved.
    this.collect(version - 1, start, Math.min(end, e.start), parts);
    if (start < insertedEnd && end > e.start) parts.push(e.text.slice(Math.max(start, e.start) - e.start, Math.min(end, insertedEnd) - e.start));
    const moved = e.end - insertedEnd;
    this.collect(version - 1, Math.max(start, insertedEnd) + moved, end + moved, parts);
  }
}

/** `into` with the offsets (plus `offset`) where a line starts after each LF of `text`. */
function lineStartsOf(text: string, offset: number, into: number[]): number[] {
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) into.push(offset + i + 1);
  return into;
}
