// Standard input as `wixlint --stdin` reads it: to its end, or up to a size, past which an endless writer is not read on.
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { readStream } from '../../server/src/io/stdin';

describe('readStream', () => {
  it('reads every chunk to the end, strings and bytes alike', async () => {
    const read = await readStream(Readable.from([Buffer.from('<Wix>'), '<Fragment/>', Buffer.from('</Wix>')]), 100);
    assert.deepEqual([Buffer.from(read.bytes).toString('utf8'), read.more], ['<Wix><Fragment/></Wix>', false]);
    const empty = await readStream(Readable.from([]), 100);
    assert.deepEqual([empty.bytes.length, empty.more], [0, false]);
  });

  it('reads exactly the limit as all of it, and stops past it with the first bytes, even when the stream never ends', async () => {
    const exact = await readStream(Readable.from([Buffer.alloc(4, 1), Buffer.alloc(4, 2)]), 8);
    assert.deepEqual([exact.bytes.length, exact.more], [8, false]);
    let chunks = 0;
    const endless = new Readable({
      read() {
        chunks++;
        this.push(Buffer.alloc(1024, 0x61));
      },
    });
    const read = await readStream(endless, 10_000);
    assert.deepEqual([read.bytes.length, read.more, Buffer.from(read.bytes).every((b) => b === 0x61)], [10_000, true, true]);
    const asked = chunks;
    await new Promise((resolve) => setImmediate(resolve));
    // Paused: nothing more is asked of it.
    assert.ok(chunks <= asked + 1, `${chunks} chunks after ${asked}`);
    endless.destroy();
  });

  it("rejects with the stream's error", async () => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' }));
      },
    });
    await assert.rejects(readStream(failing, 100), { code: 'EISDIR' });
  });
});
