// The line `npm test` starts with (scripts/test.mjs --skipped) and the skip reasons of test/tools.ts, on a PATH where
// every optional program is a stand-in and on one where none is.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { it } from 'node:test';

// This file runs as out/test/tools.test.js.
const REPO = path.resolve(__dirname, '..', '..');
const TOOLS = path.join(REPO, 'out', 'test', 'tools.js');

/** A folder for PATH holding node and, as scripts that only exit 0, the programs named. */
function pathWith(t: { after(fn: () => void): void }, programs: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-tools-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.symlinkSync(process.execPath, path.join(dir, 'node'));
  for (const program of programs) fs.writeFileSync(path.join(dir, program), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', env });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const NOT_ON_WINDOWS = { skip: process.platform === 'win32' ? 'the stand-in programs are shell scripts' : false };

it('npm test says in one line that it skips nothing when every optional program is there', NOT_ON_WINDOWS, (t) => {
  const bin = pathWith(t, ['wixl', 'msiinfo', 'gcab', 'nvim', 'mkfifo', 'chromium']);
  assert.deepEqual(run(['scripts/test.mjs', '--skipped'], { PATH: bin, WIXLINT_CHROMIUM: path.join(bin, 'chromium') }), {
    status: 0,
    stdout: 'npm test: nothing skipped\n',
    stderr: '',
  });
});

it('npm test names each part it skips and the program it lacks, in one line', NOT_ON_WINDOWS, (t) => {
  const bin = pathWith(t, []);
  assert.deepEqual(run(['scripts/test.mjs', '--skipped'], { PATH: bin, WIXLINT_CHROMIUM: path.join(bin, 'chromium') }), {
    status: 0,
    stdout:
      'npm test: skipping: the checks on packages wixl builds (wixl not found), the msiinfo cross-checks (msiinfo not found), ' +
      'the cabinets gcab writes (gcab not found), the Neovim client test (nvim not found), the inspector webview tests (chromium not found), ' +
      'the named pipe (FIFO) tests (mkfifo not found)\n',
    stderr: '',
  });
});

it("a test's skip reason names each program it lacks and where it comes from", NOT_ON_WINDOWS, (t) => {
  const bin = pathWith(t, ['wixl']);
  const reasons = `const { missing } = require(${JSON.stringify(TOOLS)}); console.log(JSON.stringify([missing('wixl', 'msiinfo'), missing('gcab', 'nvim'), missing('wixl')]));`;
  assert.deepEqual(run(['-e', reasons], { PATH: bin }), {
    status: 0,
    stdout: `${JSON.stringify([
      'msiinfo is not installed (Debian package msitools)',
      'gcab is not installed (Debian package gcab); nvim is not installed (Debian package neovim, 0.7 or later)',
      false,
    ])}\n`,
    stderr: '',
  });
});
