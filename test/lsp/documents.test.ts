// The open documents as the server keeps them (lsp/documents.ts): LF line ends whatever the client sends, every
// position the same as in the client's text, and the client's line ends remembered for the edits sent back. LfDocument
// answers as the library's TextDocument does after any sequence of edits, read whole between them or not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LfDocument, OpenDocuments } from '../../server/src/lsp/documents';
import { Random } from '../fuzz/random';

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

describe('LfDocument', () => {
  const pieces = ['', 'a', 'xyz', '\n', '\n\n', '<C Id="', 'line\nnext', '\ntail', 'é\u{1F600}'];

  /**
   * A random range of `doc`, sometimes past a line's end or reversed, as clients may send. Its lines exist: the
   * library's line bookkeeping goes wrong for an edit at a line past the end.
   */
  function randomRange(random: Random, doc: TextDocument) {
    const position = () => ({ line: random.below(doc.lineCount), character: random.below(12) });
    return { start: position(), end: position() };
  }

  it('gives the text, positions and offsets of the library TextDocument after random edits', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = new Random(seed);
      const initial = Array.from({ length: random.below(8) }, () => pieces[random.below(pieces.length)]).join('');
      let mirror = TextDocument.create('file:///a.wxs', 'wxs', 1, initial);
      const doc = new LfDocument('file:///a.wxs', 'wxs', 1, initial);
      for (let step = 0; step < 40; step++) {
        const range = randomRange(random, mirror);
        const text = pieces[random.below(pieces.length)]!;
        // The library swaps a reversed range; so does LfDocument.
        mirror = TextDocument.update(mirror, [{ range, text }], step + 2);
        doc.edit(range, text);
        const expected = mirror.getText();
        const what = `seed ${seed}, step ${step}`;
        assert.equal(doc.lineCount, mirror.lineCount, what);
        for (let offset = 0; offset <= expected.length + 1; offset++) {
          assert.deepEqual(doc.positionAt(offset), mirror.positionAt(offset), `${what}: positionAt(${offset})`);
          const back = doc.textBefore(offset, 5);
          assert.equal(
            back.text,
            expected.slice(Math.max(0, Math.min(offset, expected.length) - 5), Math.min(offset, expected.length)),
            `${what}: textBefore(${offset})`,
          );
        }
        for (let line = -1; line <= mirror.lineCount; line++) {
          for (const character of [-1, 0, 1, 3, 50]) {
            assert.equal(doc.offsetAt({ line, character }), mirror.offsetAt({ line, character }), `${what}: offsetAt(${line}, ${character})`);
          }
          assert.deepEqual(doc.getLineRange(line), mirror.getLineRange(line), `${what}: getLineRange(${line})`);
          assert.equal(doc.getEOLCharacters(line), mirror.getEOLCharacters(line), `${what}: getEOLCharacters(${line})`);
        }
        const range2 = randomRange(random, mirror);
        assert.equal(doc.getText(range2), mirror.getText(range2), `${what}: getText(range)`);
        // Read whole now and then: the edits are joined, and reading goes on from the joined text.
        if (random.below(3) === 0) assert.equal(doc.getText(), expected, what);
      }
      assert.equal(doc.getText(), mirror.getText());
    }
  });

  it('joins its text only when read whole, and a text sent whole replaces it', () => {
    const doc = new LfDocument('file:///a.wxs', 'wxs', 1, 'abc\ndef\n');
    const first = doc.getText();
    assert.equal(doc.getText(), first);
    doc.edit({ start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, 'X');
    assert.deepEqual(doc.textBefore(5, 10), { text: 'abc\nX', start: 0 });
    assert.deepEqual(doc.textBefore(6, 2), { text: 'X\n', start: 4 });
    assert.equal(doc.getText(), 'abc\nX\n');
    doc.replace('one\ntwo');
    assert.equal(doc.lineCount, 2);
    assert.deepEqual(doc.positionAt(6), { line: 1, character: 2 });
    assert.equal(doc.getText(), 'one\ntwo');
  });
});
