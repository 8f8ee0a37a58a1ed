// The .vsix: built offline by vsce from the bundles, with nothing a user does not need.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..');
const VSCE = path.join(REPO, 'node_modules', '.bin', 'vsce');

it('packs the bundled client, server and inspector webview, the grammar and the language configuration, and no node_modules', () => {
  assert.ok(fs.existsSync(path.join(REPO, 'dist', 'extension.js')), 'dist/ is built by npm run build before the tests');
  const files = execFileSync(VSCE, ['ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '')
    .sort();
  assert.deepEqual(files, [
    'LICENSE',
    'README.md',
    'dist/extension.js',
    'dist/inspector.css',
    'dist/inspector.js',
    'dist/server.js',
    'dist/terminateProcess.sh',
    'language-configuration.json',
    'package.json',
    'syntaxes/wix.tmLanguage.json',
  ]);
});
