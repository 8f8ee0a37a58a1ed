// The .vsix, built offline by vsce from the bundles, and the npm package of the wixlint command: nothing a user does not
// need, and nothing missing that they do.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_KEYS, CONFIG_PROJECT_KEYS } from '../server/src/project/config';
import { it } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..');
const VSCE = path.join(REPO, 'node_modules', '.bin', 'vsce');

it("packs the bundled client, server and inspector webview, the grammar, the language configuration and the config's schema, and no node_modules", () => {
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
    'schemas/wixlint.config.schema.json',
    'syntaxes/wix.tmLanguage.json',
  ]);
});

it('vsce packages the extension (npm pack has its own list, .npmignore: vsce refuses a "files" list beside .vscodeignore)', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-vsix-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'wixlint.vsix');
  const run = spawnSync(VSCE, ['package', '--no-dependencies', '--out', out], { cwd: REPO, encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  assert.ok(fs.statSync(out).size > 0);
});

it('npm pack ships a wixlint command that runs unpacked, with no build step and no node_modules', (t) => {
  assert.ok(fs.existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/ is built by npm run build before the tests');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-pack-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' }),
  ) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = packed[0]!.files.map((f) => f.path).sort();
  for (const needed of [
    'bin/wixlint.js',
    'dist/cli.js',
    'dist/cli.js.cache',
    'scripts/load-bundle.cjs',
    'schemas/wixlint.config.schema.json',
    'docs/rules/ice80.md',
  ]) {
    assert.ok(files.includes(needed), `the package lacks ${needed}`);
  }
  assert.deepEqual(
    files.filter((f) => /^(server|client|test|out|bench)\//.test(f) || f.endsWith('.map')),
    [],
    'sources, tests and source maps stay out',
  );
  execFileSync('tar', ['-xzf', path.join(dir, packed[0]!.filename), '-C', dir]);
  const bin = path.join(dir, 'package', 'bin', 'wixlint.js');
  const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  assert.equal(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }), `${version}\n`);
  const lintWith = (command: string): { status: number | null; stdout: string } => {
    const run = spawnSync(process.execPath, [command, '--format', 'json', 'examples'], { cwd: REPO, encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout };
  };
  const unpacked = lintWith(bin);
  assert.equal(unpacked.status, 1, 'the examples have errors');
  assert.deepEqual(unpacked, lintWith(path.join(REPO, 'bin', 'wixlint.js')));
});

it('validates wixlint.config.json against the schema it ships, and reads wixlint.configuration', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: 'wixlint.config.json', url: './schemas/wixlint.config.schema.json' }]);
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'wixlint.config.schema.json'), 'utf8'));
  // The schema and the reader know the same settings.
  assert.deepEqual(Object.keys(schema.properties), CONFIG_KEYS);
  assert.deepEqual(Object.keys(schema.properties.projects.items.properties), CONFIG_PROJECT_KEYS);
  assert.equal(manifest.contributes.configuration.properties['wixlint.configuration'].type, 'string');
});

it('contributes the MSI inspector: the default read-only editor for .msi and .msm, and Inspect MSI… in the palette and the explorer', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.customEditors, [
    {
      viewType: 'wixlint.msiInspector',
      displayName: 'wixlint MSI Inspector',
      selector: [{ filenamePattern: '*.msi' }, { filenamePattern: '*.msm' }],
      priority: 'default',
    },
  ]);
  assert.deepEqual(
    manifest.contributes.commands.find((c: { command: string }) => c.command === 'wixlint.inspectMsi'),
    { command: 'wixlint.inspectMsi', title: 'Inspect MSI…', category: 'wixlint' },
  );
  const menu = manifest.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === 'wixlint.inspectMsi');
  // The when clause's pattern, applied as VS Code applies it to resourceExtname.
  const pattern = /^resourceExtname =~ \/(.+)\/(i?)$/.exec(menu.when);
  assert.ok(pattern, menu.when);
  const extname = new RegExp(pattern[1]!, pattern[2]);
  assert.deepEqual(
    ['.msi', '.MSM', '.msp', '.wxs', '.msix'].map((e) => extname.test(e)),
    [true, true, false, false, false],
  );
  assert.ok(manifest.activationEvents.includes('onCustomEditor:wixlint.msiInspector'));
});
