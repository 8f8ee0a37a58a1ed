// Offset <-> line/character conversion.
import { strict as assert } from 'node:assert';
import { it } from 'node:test';
import { LineIndex } from '../../server/src/wix/lineIndex';

it('converts offsets and positions both ways, clamping out-of-range values', () => {
  const text = 'ab\r\ncd\n\nef';
  const li = new LineIndex(text);
  assert.equal(li.lineCount, 4);
  assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(li.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(li.positionAt(7), { line: 2, character: 0 });
  assert.deepEqual(li.positionAt(10), { line: 3, character: 2 });
  assert.deepEqual(li.positionAt(99), { line: 3, character: 2 });
  assert.deepEqual(li.positionAt(-5), { line: 0, character: 0 });
  assert.equal(li.offsetAt({ line: 1, character: 1 }), 5);
  assert.equal(li.offsetAt({ line: 1, character: 50 }), 7);
  assert.equal(li.offsetAt({ line: 9, character: 0 }), text.length);
});
