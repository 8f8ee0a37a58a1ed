// Tests runCli's own paths (help, version, usage errors, unreadable inputs): exit codes and the exact lines printed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { usageText } from '../../server/src/cli/args';
import { runCli } from '../../server/src/cli/main';
import { rules } from '../../server/src/rules/index';

async function run(argv: string[], cwd = os.tmpdir()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    env: {},
    isTTY: false,
    version: '9.8.7',
  });
  return { code, stdout, stderr };
}

describe('runCli', () => {
  it('prints help and the version on stdout, exit 0', async () => {
    assert.deepEqual(await run(['--help']), { code: 0, stdout: usageText(rules.map((r) => r.meta.id)), stderr: '' });
    assert.deepEqual(await run(['--version']), { code: 0, stdout: '9.8.7\n', stderr: '' });
  });

  // `lsp` hands the process to the language server: test/lsp/server.test.ts runs it as a child process.
  it('says what inspect and lsp need, exit 2', async () => {
    assert.deepEqual(await run(['inspect']), {
      code: 2,
      stdout: '',
      stderr: "wixlint: inspect needs a .msi or .msm file\nRun 'wixlint --help' for usage.\n",
    });
    assert.deepEqual(await run(['lsp']), {
      code: 2,
      stdout: '',
      stderr: "wixlint: the 'lsp' command takes one transport: --stdio or --node-ipc\nRun 'wixlint --help' for usage.\n",
    });
  });

  it('reports a usage error with a pointer to --help, exit 2', async () => {
    assert.deepEqual(await run(['--format', 'xml', 'a.wxs']), {
      code: 2,
      stdout: '',
      stderr: "wixlint: invalid --format value 'xml': expected text, json or sarif\nRun 'wixlint --help' for usage.\n",
    });
  });

  it('names every input that does not exist, reads none of them, exit 2; one that cannot be read is a problem on it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-main-'));
    try {
      fs.writeFileSync(path.join(dir, 'pkg.msi'), '');
      fs.writeFileSync(path.join(dir, 'a.wxs'), '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs" />');
      assert.deepEqual(await run(['--format', 'json', 'missing.wxs', 'pkg.msi', 'gone.msm'], dir), {
        code: 2,
        stdout: '',
        stderr: "wixlint: cannot read 'missing.wxs': no such file or directory\nwixlint: cannot read 'gone.msm': no such file or directory\n",
      });
      // As ESLint does: the file that cannot be read is a problem on it, and the others are linted.
      const both = await run(['--format', 'json', 'a.wxs', 'pkg.msi'], dir);
      assert.equal(both.code, 1);
      assert.equal(both.stderr, '');
      const report = JSON.parse(both.stdout) as { problems: { file: string; ruleId: string; message: string; line: number; column: number }[] };
      assert.deepEqual(
        report.problems.map((p) => [p.file, p.ruleId, p.line, p.column, p.message]),
        [
          [
            'pkg.msi',
            'parse-error',
            1,
            1,
            'Cannot read this file: The file is empty (0 bytes), so it is not an MSI package. Nothing in it is linted; the other inputs are.',
          ],
        ],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
