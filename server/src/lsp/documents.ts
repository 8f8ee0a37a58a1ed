// The open documents as the server keeps them: line ends made LF as they arrive. LSP counts CR LF, CR and LF each as
// one line end, so a position (line, character) is the same in the client's text and in this one; and everything the
// server reads (the lint, navigation, fixes) works on LF-normalized text (XmlDocument.text). A 5 MB document with
// CR LF line ends is then not normalized again, into a second 5 MB string, on every keystroke. What a document used is
// remembered for the edits the server sends back (code actions write CR LF into a CR LF document).
//
// The one case where the two counts could differ — a lone CR in the client's text meeting an LF inserted next to it,
// which the client reads as one line end and this text as two — needs a lone CR, which editors do not write.
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver';
import { LineIndex } from '../wix/lineIndex';

export class OpenDocuments {
  readonly documents: TextDocuments<TextDocument>;
  /** Whether each open document used CR LF line ends when it was opened (or last sent whole). */
  private readonly crlf = new Map<string, boolean>();

  constructor() {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => {
        this.crlf.set(uri, content.includes('\r\n'));
        return TextDocument.create(uri, languageId, version, lf(content));
      },
      update: (document, changes, version) => {
        const normalized: TextDocumentContentChangeEvent[] = changes.map((c) => {
          if ('range' in c) return { ...c, text: lf(c.text) };
          this.crlf.set(document.uri, c.text.includes('\r\n'));
          return { text: lf(c.text) };
        });
        return TextDocument.update(document, normalized, version);
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
