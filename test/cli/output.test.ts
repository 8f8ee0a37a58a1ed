// The text report as a terminal user meets it, from bin/wixlint.js as a process: wrapped to COLUMNS, coloured by the
// conventions (--color/--no-color, FORCE_COLOR, NO_COLOR), and the same choices as pure functions.
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { outputWidth, useColor } from '../../server/src/cli/main';

const REPO = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'wixlint.js');
const ESC = '\u001b[';

/** wixlint as a process on a pipe (never a terminal), with only the given environment besides PATH. */
function wixlint(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('the text report in a terminal', () => {
  it('with COLUMNS=100, `wixlint examples` prints no line over 100 columns, and wraps its headlines, notes and helps', () => {
    const run = wixlint(['examples'], { COLUMNS: '100' });
    assert.equal(run.code, 1);
    const lines = run.stdout.split('\n');
    assert.deepEqual(
      lines.filter((l) => l.length > 100),
      [],
    );
    assert.ok(lines.some((l) => l.trimStart().startsWith('= note: ')));
    assert.ok(lines.some((l) => l.trimStart().startsWith('= help: ')));
    assert.ok(!run.stdout.includes(ESC), 'no colour on a pipe');
  });

  it('wraps to a narrower COLUMNS, and one as wide as asked', () => {
    const narrow = wixlint(['examples/v4'], { COLUMNS: '72' });
    assert.deepEqual(
      narrow.stdout.split('\n').filter((l) => l.length > 72),
      [],
    );
    const wide = wixlint(['examples/v4'], { COLUMNS: '400' });
    assert.ok(wide.stdout.split('\n').some((l) => l.length > 100));
  });

  it('colours with --color or FORCE_COLOR, not with --no-color, NO_COLOR or FORCE_COLOR=0, on a pipe', () => {
    assert.ok(wixlint(['--color', 'examples/v4']).stdout.includes(`${ESC}31merror`));
    assert.ok(wixlint(['examples/v4'], { FORCE_COLOR: '1' }).stdout.includes(`${ESC}31merror`));
    assert.ok(!wixlint(['examples/v4'], { FORCE_COLOR: '0' }).stdout.includes(ESC));
    assert.ok(!wixlint(['--no-color', 'examples/v4'], { FORCE_COLOR: '1' }).stdout.includes(ESC));
    assert.ok(!wixlint(['examples/v4'], { NO_COLOR: '1' }).stdout.includes(ESC));
    // JSON is never coloured.
    assert.ok(!wixlint(['--color', '--format', 'json', 'examples/v4']).stdout.includes(ESC));
  });
});

describe('useColor and outputWidth', () => {
  it('take the flag first, then FORCE_COLOR, then NO_COLOR (an empty one does not count), then the terminal', () => {
    assert.equal(useColor(false, { env: { FORCE_COLOR: '1' }, isTTY: true }), false);
    assert.equal(useColor(true, { env: { NO_COLOR: '1' }, isTTY: false }), true);
    assert.equal(useColor(undefined, { env: { FORCE_COLOR: '', NO_COLOR: '1' }, isTTY: false }), true);
    assert.equal(useColor(undefined, { env: { FORCE_COLOR: 'false' }, isTTY: true }), false);
    assert.equal(useColor(undefined, { env: { NO_COLOR: '1' }, isTTY: true }), false);
    assert.equal(useColor(undefined, { env: { NO_COLOR: '' }, isTTY: true }), true);
    assert.equal(useColor(undefined, { env: {}, isTTY: false }), false);
  });

  it('take COLUMNS when it is a positive number, else the terminal width, else 100', () => {
    assert.equal(outputWidth({ env: { COLUMNS: '132' }, columns: 80 }), 132);
    assert.equal(outputWidth({ env: { COLUMNS: 'wide' }, columns: 80 }), 80);
    assert.equal(outputWidth({ env: { COLUMNS: '0' } }), 100);
    assert.equal(outputWidth({ env: {} }), 100);
  });
});
