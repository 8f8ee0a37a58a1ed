// The report as it is written: pieces encoded into one reused buffer and handed on in bounded, whole-character runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { Utf8Sink } from '../../server/src/cli/reportOutput';
import type { Problem } from '../../server/src/engine/problem';
import { problems, texts } from './sampleProblems';

const SINK_BYTES = 1 << 18;

/** What a sink hands on for `pieces`: each run of bytes copied (the sink reuses its buffer once the call returns). */
function runsOf(pieces: readonly string[]): Buffer[] {
  const runs: Buffer[] = [];
  const sink = new Utf8Sink((bytes) => runs.push(Buffer.from(bytes)));
  for (const piece of pieces) sink.write(piece);
  sink.flush();
  return runs;
}

describe('Utf8Sink', () => {
  it('hands on runs of at most 256 KB that are the pieces in order, each run whole characters', () => {
    // Two-byte, three-byte and four-byte (a surrogate pair) characters, in pieces of every length.
    const pieces = Array.from({ length: 40_000 }, (_, i) => `${i}:é✖😀${'x'.repeat(i % 37)}\n`);
    const runs = runsOf(pieces);
    assert.ok(runs.length > 3, `${runs.length} runs`);
    for (const run of runs) {
      assert.ok(run.length <= SINK_BYTES, `a run of ${run.length} bytes`);
      // Decoding each run alone gives no replacement character: no run ends inside a character.
      assert.ok(!run.toString('utf8').includes('\ufffd'));
    }
    assert.equal(Buffer.concat(runs).toString('utf8'), pieces.join(''));
  });

  it('hands on a piece larger than its buffer whole, after what it had gathered, and nothing for an empty report', () => {
    const big = 'y'.repeat(SINK_BYTES);
    assert.deepEqual(
      runsOf(['a', big, 'b']).map((r) => r.toString('utf8')),
      ['a', big, 'b'],
    );
    assert.deepEqual(runsOf([]), []);
    assert.deepEqual(runsOf(['', '']), []);
  });
});

describe('SARIF written result by result', () => {
  it('is what JSON.stringify writes for the whole log, for 3,500 results', () => {
    const many: Problem[] = Array.from({ length: 500 }, () => problems).flat();
    const text = formatSarif(many, texts, { version: '1', rules: [] });
    assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    assert.equal((JSON.parse(text) as { runs: { results: unknown[] }[] }).runs[0]!.results.length, many.length);
  });
});
