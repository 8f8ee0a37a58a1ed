// The report through a pipe: written piece by piece as it is made (synchronousWriter), whole and in order, whether the
// pipe blocks or is in non-blocking mode, and silently cut short when the reader goes away (`wixlint ... | head`).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

const WRITER = path.resolve(__dirname, '..', '..', 'server', 'src', 'node', 'syncWrite.js');

/** A child that writes `pieces` numbered lines of 1 KB through synchronousWriter(1), after `setup`. */
function childSource(pieces: number, setup = ''): string {
  return `${setup}
const write = require(${JSON.stringify(WRITER)}).synchronousWriter(1);
for (let i = 0; i < ${pieces}; i++) write(String(i).padStart(8, '0') + '-'.repeat(1015) + '\\n');
process.stderr.write('done');`;
}

function expected(pieces: number): string {
  let out = '';
  for (let i = 0; i < pieces; i++) out += `${String(i).padStart(8, '0')}${'-'.repeat(1015)}\n`;
  return out;
}

describe('synchronousWriter', () => {
  it('writes 8 MB through a pipe whole and in order', () => {
    const run = spawnSync(process.execPath, ['-e', childSource(8192)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.deepEqual([run.status, run.stderr], [0, 'done']);
    assert.equal(run.stdout, expected(8192));
  });

  it('waits out a full pipe in non-blocking mode (EAGAIN) rather than failing or losing text', () => {
    // Using process.stdout once puts a pipe in non-blocking mode, as a stderr sharing the pipe (2>&1) does.
    const run = spawnSync(process.execPath, ['-e', childSource(8192, 'process.stdout;')], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.deepEqual([run.status, run.stderr], [0, 'done']);
    assert.equal(run.stdout, expected(8192));
  });

  it('stops writing, without an error, when the reader closes the pipe (here the socket pair Node gives a child)', async () => {
    const child = spawn(process.execPath, ['-e', childSource(8192)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(b.toString('utf8'))));
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.ok(first.startsWith('00000000-'), first.slice(0, 20));
    assert.deepEqual([status, stderr], [0, 'done']);
  });
});
