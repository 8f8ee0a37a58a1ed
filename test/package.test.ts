// The .vsix, built offline by vsce from the bundles, and the npm package of the wixlint command: nothing a user does not
// need, and nothing missing that they do.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { CONFIG_KEYS, CONFIG_PROJECT_KEYS, readConfig } from '../server/src/project/config';
import { SETTINGS_SECTION } from '../server/src/protocol';
import { it } from 'node:test';

const REPO = path.resolve(__dirname, '..', '..');
const VSCE = path.join(REPO, 'node_modules', '.bin', 'vsce');

/** package.json, as VS Code reads the extension's manifest. */
function manifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
}

interface Manifest {
  icon: string;
  activationEvents: string[];
  contributes: {
    configuration: { properties: Record<string, Record<string, unknown>> };
    jsonValidation: unknown;
    customEditors: unknown;
    commands: { command: string }[];
    menus: Record<string, { command: string; when: string }[]>;
  };
}

const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP_CENTRAL_FILE_HEADER = 0x02014b50;
const ZIP_LOCAL_FILE_HEADER = 0x04034b50;
const ZIP_STORED = 0;
const ZIP_DEFLATED = 8;

/** The files of a zip archive (a .vsix) by name, read through its central directory; stored and deflated entries only. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0 && zip.readUInt32LE(end) === ZIP_END_OF_CENTRAL_DIRECTORY, 'the archive has an end of central directory record');
  const files = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    assert.equal(zip.readUInt32LE(at), ZIP_CENTRAL_FILE_HEADER, `a central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const entryLength = 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    assert.equal(zip.readUInt32LE(local), ZIP_LOCAL_FILE_HEADER, `${name}'s local header`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    assert.ok(method === ZIP_STORED || method === ZIP_DEFLATED, `${name} is stored or deflated, not method ${method}`);
    files.set(name, method === ZIP_STORED ? data : inflateRawSync(data));
    at += entryLength;
  }
  return files;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's width and height, from its IHDR chunk (which comes first). */
function pngSize(png: Buffer): [number, number] {
  assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), 'a PNG');
  assert.equal(png.toString('ascii', 12, 16), 'IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

it("packs the bundled client, server and inspector webview, the grammar, the language configuration, the config's schema and the icon, and no node_modules", () => {
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
    'images/icon.png',
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
  const files = unzip(fs.readFileSync(out));
  // The marketplace and the Extensions view show the icon the vsix manifest names; VS Code validates the config with the schema.
  assert.deepEqual(pngSize(files.get('extension/images/icon.png')!), [128, 128]);
  assert.ok(files.get('extension/images/icon.png')!.equals(fs.readFileSync(path.join(REPO, 'images', 'icon.png'))));
  assert.match(
    files.get('extension.vsixmanifest')!.toString('utf8'),
    /<Asset Type="Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/images\/icon\.png"/,
  );
  assert.ok(
    files.get('extension/schemas/wixlint.config.schema.json')!.equals(fs.readFileSync(path.join(REPO, 'schemas', 'wixlint.config.schema.json'))),
  );
  const packed = JSON.parse(files.get('extension/package.json')!.toString('utf8')) as Manifest;
  assert.equal(packed.icon, 'images/icon.png');
  assert.deepEqual(packed.contributes.jsonValidation, manifest().contributes.jsonValidation);
});

it('has a 128×128 icon that scripts/icon.mjs draws', () => {
  assert.equal(manifest().icon, 'images/icon.png');
  assert.deepEqual(pngSize(fs.readFileSync(path.join(REPO, 'images', 'icon.png'))), [128, 128]);
  const check = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'icon.mjs'), '--check'], { cwd: REPO, encoding: 'utf8' });
  assert.deepEqual({ status: check.status, stderr: check.stderr }, { status: 0, stderr: '' });
});

it('activates for WiX documents, the inspector, and a workspace holding a .wixproj or .wxs (whose closed files the server lints)', () => {
  assert.deepEqual(manifest().activationEvents, [
    'onLanguage:wxs',
    'onLanguage:wxi',
    'onCustomEditor:wixlint.msiInspector',
    'onCommand:wixlint.inspectMsi',
    'workspaceContains:**/*.wixproj',
    'workspaceContains:**/*.wxs',
  ]);
});

it('declares wixlint.enable per folder and wixlint.trace.server for the client whose id is the settings section', () => {
  const properties = manifest().contributes.configuration.properties;
  const declared = (name: string): Record<string, unknown> => {
    const { markdownDescription, ...rest } = properties[name]!;
    assert.equal(typeof markdownDescription, 'string', `${name} is described`);
    return rest;
  };
  assert.deepEqual(declared('wixlint.enable'), { type: 'boolean', default: true, scope: 'resource' });
  const { enumDescriptions, ...trace } = declared('wixlint.trace.server');
  assert.deepEqual(trace, { type: 'string', enum: ['off', 'messages', 'verbose'], default: 'off', scope: 'window' });
  assert.equal((enumDescriptions as string[]).length, 3);
  // vscode-languageclient reads `<client id>.trace.server`, and the server reads the section: all three must agree.
  assert.equal(SETTINGS_SECTION, 'wixlint');
  assert.deepEqual(
    Object.keys(properties).filter((name) => !name.startsWith(`${SETTINGS_SECTION}.`)),
    [],
  );
  const extension = fs.readFileSync(path.join(REPO, 'client', 'src', 'extension.ts'), 'utf8');
  assert.deepEqual(
    [...extension.matchAll(/new LanguageClient\(([^,]+),/g)].map((m) => m[1]),
    ['SETTINGS_SECTION'],
  );
  // Every setting the manifest declares is one the server or the client reads: a default, a type and a description each.
  for (const [name, property] of Object.entries(properties)) {
    assert.ok('default' in property && 'type' in property, `${name} has a type and a default`);
  }
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
  const contributed = manifest().contributes;
  assert.deepEqual(contributed.jsonValidation, [{ fileMatch: 'wixlint.config.json', url: './schemas/wixlint.config.schema.json' }]);
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'wixlint.config.schema.json'), 'utf8'));
  // The schema and the reader know the same settings.
  assert.deepEqual(Object.keys(schema.properties), CONFIG_KEYS);
  assert.deepEqual(Object.keys(schema.properties.projects.items.properties), CONFIG_PROJECT_KEYS);
  assert.equal(contributed.configuration.properties['wixlint.configuration']!['type'], 'string');
});

interface SchemaNode {
  description?: string;
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** A value of each setting readConfig takes, at the top and in a project: the schema's keys must be exactly these. */
const SAMPLE_PROJECT = { name: 'Tools', sources: ['tools/*.wxs'], platforms: ['x64'], defines: { Bits: '64' }, includePaths: ['tools/inc'] };
const SAMPLE_CONFIG = {
  $schema: './node_modules/wixlint/schemas/wixlint.config.schema.json',
  platforms: ['x86', 'x64'],
  configuration: 'Release',
  defines: { Version: '1.0', Bits: { x86: '32', x64: '64' } },
  env: { BUILD_DIR: 'out' },
  includePaths: ['include'],
  bindPaths: ['bin', 'payload=out/payload'],
  missingPayloads: true,
  rules: { ice80: 'warning' },
  ignorePatterns: ['build/'],
  projects: [SAMPLE_PROJECT],
};

it('has a schema that knows every setting readConfig takes, and only those, each with a description', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'wixlint.config.schema.json'), 'utf8')) as SchemaNode & {
    definitions: Record<string, SchemaNode>;
  };
  const top = schema.properties!;
  const project = top['projects']!.items!.properties!;
  // readConfig takes every setting of the schema, alone and all together.
  assert.deepEqual(Object.keys(top), Object.keys(SAMPLE_CONFIG));
  assert.deepEqual(Object.keys(project), Object.keys(SAMPLE_PROJECT));
  const read = (config: object): string | undefined => {
    const result = readConfig('/ws/wixlint.config.json', JSON.stringify(config));
    return result.ok ? undefined : result.error;
  };
  assert.equal(read(SAMPLE_CONFIG), undefined);
  for (const [key, value] of Object.entries(SAMPLE_CONFIG)) assert.equal(read({ [key]: value }), undefined, key);
  for (const [key, value] of Object.entries(SAMPLE_PROJECT)) assert.equal(read({ projects: [{ ...SAMPLE_PROJECT, [key]: value }] }), undefined, key);
  // And refuses any other, naming the settings it knows: those of the schema ($schema goes unnamed).
  const known = (error: string | undefined): string[] => /known settings: (.*)$/.exec(error ?? '')?.[1]?.split(', ') ?? [];
  assert.deepEqual(
    known(read({ platform: ['x64'] })),
    Object.keys(top).filter((k) => k !== '$schema'),
  );
  assert.deepEqual(known(read({ projects: [{ ...SAMPLE_PROJECT, source: [] }] })), Object.keys(project));
  // Editors show each setting's description on hover, from the property or the definition it refers to.
  const described = (node: SchemaNode): boolean =>
    node.description !== undefined ||
    (node.$ref !== undefined && schema.definitions[node.$ref.replace('#/definitions/', '')]?.description !== undefined);
  assert.deepEqual(
    [
      ...Object.entries(top).filter(([, node]) => !described(node)),
      ...Object.entries(project)
        .filter(([, node]) => !described(node))
        .map(([key, node]) => [`projects[].${key}`, node]),
    ].map(([key]) => key),
    [],
  );
});

it('contributes the MSI inspector: the default read-only editor for .msi and .msm, and Inspect MSI… in the palette and the explorer', () => {
  const { contributes, activationEvents } = manifest();
  assert.deepEqual(contributes.customEditors, [
    {
      viewType: 'wixlint.msiInspector',
      displayName: 'wixlint MSI Inspector',
      selector: [{ filenamePattern: '*.msi' }, { filenamePattern: '*.msm' }],
      priority: 'default',
    },
  ]);
  assert.deepEqual(
    contributes.commands.find((c) => c.command === 'wixlint.inspectMsi'),
    { command: 'wixlint.inspectMsi', title: 'Inspect MSI…', category: 'wixlint' },
  );
  const menu = contributes.menus['explorer/context']!.find((m) => m.command === 'wixlint.inspectMsi')!;
  // The when clause's pattern, applied as VS Code applies it to resourceExtname.
  const pattern = /^resourceExtname =~ \/(.+)\/(i?)$/.exec(menu.when);
  assert.ok(pattern, menu.when);
  const extname = new RegExp(pattern[1]!, pattern[2]);
  assert.deepEqual(
    ['.msi', '.MSM', '.msp', '.wxs', '.msix'].map((e) => extname.test(e)),
    [true, true, false, false, false],
  );
  assert.ok(activationEvents.includes('onCustomEditor:wixlint.msiInspector'));
});
