// The open documents as the server keeps them (lsp/documents.ts): LF line ends whatever the client sends, every
// position the same as in the client's text, and the client's line ends remembered for the edits sent back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { OpenDocuments } from '../../server/src/lsp/documents';

/** The document handlers a TextDocuments registers, called as the connection would. */
function listening(open: OpenDocuments): Record<string, (params: unknown) => void> {
  const handlers: Record<string, (params: unknown) => void> = {};
  const connection = {
    onDidOpenTextDocument: (h: (p: unknown) => void) => (handlers['open'] = h),
    onDidChangeTextDocument: (h: (p: unknown) => void) => (handlers['change'] = h),
    onDidCloseTextDocument: (h: (p: unknown) => void) => (handlers['close'] = h),
    onWillSaveTextDocument: () => undefined,
    onWillSaveTextDocumentWaitUntil: () => undefined,
    onDidSaveTextDocument: () => undefined,
  };
  open.documents.listen(connection as unknown as Connection);
  return handlers;
}

describe('OpenDocuments', () => {
  it('keeps LF text with the client positions of a CR LF document edited by ranges, and remembers CR LF', () => {
    const open = new OpenDocuments();
    const on = listening(open);
    const uri = 'file:///p/Product.wxs';
    let client = '<Wix>\r\n  <A Id="x" />\r\n  <B />\r\n</Wix>\r\n';
    on['open']!({ textDocument: { uri, languageId: 'wxs', version: 1, text: client } });
    const edits = [
      { range: { start: { line: 1, character: 9 }, end: { line: 1, character: 10 } }, text: 'yes' },
      { range: { start: { line: 2, character: 7 }, end: { line: 2, character: 7 } }, text: '\r\n  <C />' },
      { range: { start: { line: 0, character: 5 }, end: { line: 1, character: 0 } }, text: '\r\n\r\n' },
    ];
    let version = 1;
    for (const change of edits) {
      version++;
      on['change']!({ textDocument: { uri, version }, contentChanges: [change] });
      const mirror = TextDocument.update(TextDocument.create(uri, 'wxs', 1, client), [change], version);
      client = mirror.getText();
      const kept = open.documents.get(uri)!;
      assert.equal(kept.getText(), client.replace(/\r\n/g, '\n'));
      // Every character of the client's text (a CR LF's LF standing for the pair) is at the same position in this one.
      for (let offset = 0; offset < client.length; offset++) {
        if (client[offset] === '\r') continue;
        const position = mirror.positionAt(offset);
        const at = kept.offsetAt(position);
        assert.equal(kept.getText()[at], client[offset], `position ${JSON.stringify(position)}`);
        assert.deepEqual(kept.positionAt(at), position);
      }
    }
    assert.equal(open.usesCrlf(uri), true);
    on['close']!({ textDocument: { uri } });
    assert.equal(open.usesCrlf(uri), undefined);
    on['open']!({ textDocument: { uri, languageId: 'wxs', version: 1, text: '<Wix>\n</Wix>\n' } });
    assert.equal(open.usesCrlf(uri), false);
  });
});
