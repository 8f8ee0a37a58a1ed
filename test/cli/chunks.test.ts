// Reports of many problems are handed over in pieces of bounded size, in every format, and read as the whole report.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chunked } from '../../server/src/cli/format/chunks';
import { formatJson, jsonChunks } from '../../server/src/cli/format/json';
import { formatSarif, sarifChunks } from '../../server/src/cli/format/sarif';
import { formatText, textChunks } from '../../server/src/cli/format/text';
import type { Problem } from '../../server/src/engine/problem';
import { problems, texts } from './sampleProblems';

/** The sample problems over and over: 3,500 of them, every kind of location and text the formats write. */
const many: Problem[] = Array.from({ length: 500 }, () => problems).flat();
/** A piece holds about 64K characters, and passes it by at most what one problem writes (a SARIF result is the longest). */
const MOST = (1 << 16) + 2_000;

describe('reports in pieces', () => {
  it('chunked runs texts together into pieces of about 64K characters, in order, and leaves nothing out', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => `${i},`);
    const pieces = [...chunked(texts)];
    assert.equal(pieces.join(''), texts.join(''));
    assert.equal(pieces.length, 1);
    const long = Array.from({ length: 3 }, (_, i) => String(i).repeat(40_000));
    assert.deepEqual(
      [...chunked(long)].map((p) => p.length),
      [80_000, 40_000],
    );
    assert.deepEqual([...chunked([])], []);
    assert.deepEqual([...chunked(['', ''])], []);
  });

  for (const [name, whole, pieces] of [
    ['text', () => formatText(many, texts, { color: false }), () => textChunks(many, texts, { color: false })],
    ['json', () => formatJson(many, texts), () => jsonChunks(many, texts)],
    ['sarif', () => formatSarif(many, texts, { version: '1', rules: [] }), () => sarifChunks(many, texts, { version: '1', rules: [] })],
  ] as const) {
    it(`${name}: 3,500 problems come in pieces of at most 64K characters and one problem, which make the whole report`, () => {
      const list = [...pieces()];
      assert.ok(list.length > 5, `${list.length} pieces`);
      for (const piece of list) assert.ok(piece.length <= MOST, `a piece of ${piece.length} characters`);
      assert.equal(list.join(''), whole());
    });
  }

  it('sarif: the results written into the log one by one are what JSON.stringify writes for the whole log', () => {
    const text = formatSarif(many, texts, { version: '1', rules: [] });
    assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    assert.equal((JSON.parse(text) as { runs: { results: unknown[] }[] }).runs[0]!.results.length, many.length);
  });
});
