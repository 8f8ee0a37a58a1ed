// wixlint.config.json: readConfig (every setting, every error message), definesFor, and ConfigLookup (nearest config, --config, broken configs, ignorePatterns).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigLookup, definesFor, readConfig, type WixlintConfig } from '../../server/src/project/config';
import { memoryFs } from './memoryFs';

const CONFIG = path.resolve('/repo/wixlint.config.json');
const P = (p: string): string => path.resolve(p);
/** A path as config globs write it: absolute, '/' separators. */
const G = (p: string): string => P(p).replace(/\\/g, '/');

function ok(text: string, file = CONFIG): WixlintConfig {
  const read = readConfig(file, text);
  if (!read.ok) assert.fail(`expected a valid config, got: ${read.error}`);
  return read.config;
}

function error(text: string): string {
  const read = readConfig(CONFIG, text);
  if (read.ok) assert.fail('expected an invalid config');
  return read.error;
}

describe('readConfig: a full config', () => {
  const full = {
    $schema: './node_modules/wixlint/schemas/wixlint.config.schema.json',
    platforms: ['x64', 'x86'],
    configuration: ' Release ',
    defines: { Version: '1.2.3', Build: 42, Debug: true, Win64: { x86: 'no', x64: 'yes' } },
    env: { WIX_ROOT: 'C:\\wix', RETRIES: 3 },
    includePaths: ['include', '../shared/include', '/abs/inc'],
    bindPaths: ['payload', 'media=../media', 'Media.Dir_2=assets/media'],
    missingPayloads: true,
    rules: { 'isa-mixing': 'warning', ice80: 'off', 'com-overwrite': 'info', 'parse-error': 'error' },
    ignorePatterns: ['build/', '**/*.generated.wxs', '/Generated.wxs', 'out/obj', './tmp/', 'legacy\\old.wxs', '*.bak.wxs'],
    projects: [
      {
        name: 'Setup',
        sources: ['setup/*.wxs', 'common\\**\\*.wxs'],
        platforms: ['arm64', 'x64'],
        defines: { Edition: { arm64: 'arm' }, Flavor: 'full' },
        includePaths: ['setup/inc'],
      },
      { name: ' Tools ', sources: ['/elsewhere/tools/Tool.wxs'] },
    ],
  };

  it('reads every setting, with paths resolved against the config folder and globs absolute with / separators', () => {
    const c = ok(JSON.stringify(full, null, 2));
    assert.deepEqual(c, {
      file: CONFIG,
      // In x86, x64, arm64 order, whatever order the file lists them in.
      platforms: ['x86', 'x64'],
      configuration: 'Release',
      // Numbers and booleans as written; a per-platform value stays an object.
      defines: { Version: '1.2.3', Build: '42', Debug: 'true', Win64: { x86: 'no', x64: 'yes' } },
      env: { WIX_ROOT: 'C:\\wix', RETRIES: '3' },
      includePaths: [P('/repo/include'), P('/shared/include'), P('/abs/inc')],
      bindPaths: [
        { name: undefined, path: P('/repo/payload') },
        { name: 'media', path: P('/media') },
        { name: 'Media.Dir_2', path: P('/repo/assets/media') },
      ],
      missingPayloads: true,
      rules: { 'isa-mixing': 'warning', ice80: 'off', 'com-overwrite': 'info', 'parse-error': 'error' },
      ignorePatterns: [
        `${G('/repo')}/**/build`,
        `${G('/repo')}/**/*.generated.wxs`,
        `${G('/repo')}/Generated.wxs`,
        `${G('/repo')}/out/obj`,
        `${G('/repo')}/**/tmp`,
        `${G('/repo')}/legacy/old.wxs`,
        `${G('/repo')}/**/*.bak.wxs`,
      ],
      projects: [
        {
          name: 'Setup',
          sources: [`${G('/repo')}/setup/*.wxs`, `${G('/repo')}/common/**/*.wxs`],
          platforms: ['x64', 'arm64'],
          defines: { Edition: { arm64: 'arm' }, Flavor: 'full' },
          includePaths: [P('/repo/setup/inc')],
        },
        { name: 'Tools', sources: [G('/elsewhere/tools/Tool.wxs')], platforms: undefined, defines: {}, includePaths: [] },
      ],
    });
  });

  it('an empty object is a config with nothing set; a byte order mark is skipped', () => {
    const empty = {
      file: CONFIG,
      platforms: undefined,
      configuration: undefined,
      defines: {},
      env: {},
      includePaths: [],
      bindPaths: [],
      missingPayloads: undefined,
      rules: {},
      ignorePatterns: [],
      projects: [],
    };
    assert.deepEqual(ok('{}'), empty);
    assert.deepEqual(ok('\ufeff{ "platforms": ["arm64"] }'), { ...empty, platforms: ['arm64'] });
  });

  it('a Windows drive in a bind path is no name: C:\\payload is a folder, not name C', () => {
    const c = ok(JSON.stringify({ bindPaths: ['C:\\payload', 'x=C:\\payload'] }));
    assert.deepEqual(c.bindPaths, [
      { name: undefined, path: path.resolve(P('/repo'), 'C:\\payload') },
      { name: 'x', path: path.resolve(P('/repo'), 'C:\\payload') },
    ]);
  });
});

describe('readConfig: errors, each named by its place', () => {
  const table: [string, string, string][] = [
    [
      'invalid JSON says where, as line and column',
      '{\n  "platforms": ["x64"]\n  "rules": {}\n}\n',
      "invalid JSON: Expected ',' or '}' after property value at line 3, column 3",
    ],
    [
      'invalid JSON at the end of the text',
      '{\n  "platforms": ["x64"],\n  "rules": {}\n',
      "invalid JSON: Expected ',' or '}' after property value at line 4, column 1",
    ],
    ['not an object', '["x64"]', 'the config must be a JSON object'],
    [
      'an unknown top-level setting',
      '{ "platform": ["x64"] }',
      "unknown setting 'platform'; known settings: platforms, configuration, defines, env, includePaths, bindPaths, missingPayloads, rules, ignorePatterns, projects",
    ],
    [
      'an unknown setting in a project',
      '{ "projects": [ { "name": "A", "sources": ["a.wxs"] }, { "name": "B", "sources": ["b.wxs"], "define": {} } ] }',
      "unknown setting 'define' in 'projects[1]'; known settings: name, sources, platforms, defines, includePaths",
    ],
    ['a platform wixlint does not know', '{ "platforms": ["x64", "amd64"] }', "'platforms[1]' must be x86, x64 or arm64, not 'amd64'"],
    ['no platform at all', '{ "platforms": [] }', "'platforms' must name at least one platform (x86, x64, arm64)"],
    [
      "a project's bad platform",
      '{ "projects": [ { "name": "A", "sources": ["a.wxs"], "platforms": ["ia64"] } ] }',
      "'projects[0].platforms[0]' must be x86, x64 or arm64, not 'ia64'",
    ],
    ['a bad severity', '{ "rules": { "ice80": "warning", "isa-mixing": "warn" } }', "'rules.isa-mixing' must be off, info, warning or error"],
    [
      'a project without sources',
      '{ "projects": [ { "name": "A", "sources": ["a.wxs"] }, { "name": "B" } ] }',
      "'projects[1].sources' is missing: list the project's .wxs files (globs allowed)",
    ],
    ['a project without a name', '{ "projects": [ { "sources": ["a.wxs"] } ] }', "'projects[0].name' is missing: give the project a name"],
    ['a project with an empty name', '{ "projects": [ { "name": " ", "sources": ["a.wxs"] } ] }', "'projects[0].name' must be a non-empty string"],
    ['projects not a list', '{ "projects": { "name": "A" } }', "'projects' must be an array"],
    [
      'a define value object with a bad platform key',
      '{ "defines": { "Win64": { "x86": "no", "amd64": "yes" } } }',
      "'defines.Win64.amd64': platforms are x86, x64 and arm64",
    ],
    [
      "a project's define value object with a bad platform key",
      '{ "projects": [ { "name": "A", "sources": ["a.wxs"], "defines": { "W": { "x64": "yes", "Itanium": "no" } } } ] }',
      "'projects[0].defines.W.Itanium': platforms are x86, x64 and arm64",
    ],
    [
      'a per-platform define value that is not a scalar',
      '{ "defines": { "Win64": { "x86": { "value": "no" } } } }',
      "'defines.Win64.x86' must be a string, number or boolean",
    ],
    ['a define that is no variable name', '{ "defines": { "1st": "x" } }', "'defines.1st' is not a preprocessor variable name"],
    ['an env value that is not a string', '{ "env": { "WIX_ROOT": {} } }', "'env.WIX_ROOT' must be a string"],
    ['a blank configuration', '{ "configuration": "  " }', "'configuration' must be a non-empty string"],
    ['include paths not a list', '{ "includePaths": "include" }', "'includePaths' must be an array"],
    ['an empty ignore pattern', '{ "ignorePatterns": ["build/", ""] }', "'ignorePatterns[1]' must be a non-empty string"],
    ['missingPayloads written as a string', '{ "missingPayloads": "yes" }', "'missingPayloads' must be true or false"],
  ];
  for (const [name, text, message] of table) {
    it(name, () => assert.equal(error(text), `${CONFIG}: ${message}`));
  }
});

describe('definesFor', () => {
  const defines = { Version: '1.2.3', Win64: { x86: 'no', x64: 'yes' }, Arm: { arm64: 'yes' } };

  it('gives each platform its own value, and leaves a variable out on a platform that has none', () => {
    assert.deepEqual(definesFor(defines, 'x86'), { Version: '1.2.3', Win64: 'no' });
    assert.deepEqual(definesFor(defines, 'x64'), { Version: '1.2.3', Win64: 'yes' });
    assert.deepEqual(definesFor(defines, 'arm64'), { Version: '1.2.3', Arm: 'yes' });
  });

  it('reads defines as readConfig left them', () => {
    const c = ok('{ "defines": { "Win64": { "x86": false, "x64": true }, "Build": 7 } }');
    assert.deepEqual(
      [definesFor(c.defines, 'x86'), definesFor(c.defines, 'x64')],
      [
        { Win64: 'false', Build: '7' },
        { Win64: 'true', Build: '7' },
      ],
    );
  });
});

describe('ConfigLookup', () => {
  const files = {
    '/ws/wixlint.config.json': '{ "platforms": ["x86"], "ignorePatterns": ["build/", "**/*.generated.wxs", "/Generated.wxs"] }',
    '/ws/app/Product.wxs': '',
    '/ws/app/sub/deep/Fragment.wxs': '',
    '/ws/tools/wixlint.config.json': '{ "platforms": ["x64"] }',
    '/ws/tools/Tool.wxs': '',
    '/ws/tools/build/Tool.wxs': '',
    '/ws/broken/wixlint.config.json': '{ "platforms": ["x64"] "rules": {} }',
    '/ws/broken/Broken.wxs': '',
    '/ws/broken/inner/Inner.wxs': '',
    '/elsewhere/Loose.wxs': '',
  };

  it('finds the nearest config up the tree for each file; configs do not cascade', () => {
    const lookup = new ConfigLookup(memoryFs(files), undefined);
    assert.equal(lookup.configFor(P('/ws/app/sub/deep/Fragment.wxs'))?.file, P('/ws/wixlint.config.json'));
    assert.equal(lookup.configFor(P('/ws/app/Product.wxs'))?.file, P('/ws/wixlint.config.json'));
    const tools = lookup.configFor(P('/ws/tools/Tool.wxs'));
    assert.deepEqual([tools?.file, tools?.platforms, tools?.ignorePatterns], [P('/ws/tools/wixlint.config.json'), ['x64'], []]);
    assert.equal(lookup.configFor(P('/elsewhere/Loose.wxs')), undefined);
    assert.deepEqual(lookup.inFolder(P('/ws/app/sub')), lookup.configFor(P('/ws/app/Product.wxs')));
    assert.deepEqual(lookup.failures, []);
    assert.deepEqual(
      lookup
        .loaded()
        .map((c) => c.file)
        .sort(),
      [P('/ws/tools/wixlint.config.json'), P('/ws/wixlint.config.json')],
    );
  });

  it('reads each config once, however many files ask', () => {
    const fs = memoryFs(files);
    const lookup = new ConfigLookup(fs, undefined);
    for (const f of ['/ws/app/Product.wxs', '/ws/app/sub/deep/Fragment.wxs', '/ws/app/sub/Other.wxs']) lookup.configFor(P(f));
    assert.equal(fs.reads.get(P('/ws/wixlint.config.json')), 1);
  });

  it('a given config (--config) applies to every file, wherever it is', () => {
    const given = ok('{ "platforms": ["arm64"] }', P('/cfg/wixlint.config.json'));
    const fs = memoryFs(files);
    const lookup = new ConfigLookup(fs, given);
    for (const f of ['/ws/tools/Tool.wxs', '/ws/broken/Broken.wxs', '/elsewhere/Loose.wxs']) assert.equal(lookup.configFor(P(f)), given);
    assert.equal(lookup.inFolder(P('/ws/tools')), given);
    assert.deepEqual([lookup.failures, lookup.loaded()], [[], [given]]);
    // The configs on disk are not even read.
    assert.deepEqual([...fs.reads.keys()], []);
  });

  it('a broken config is reported once in `failures` and applies as no config, not as the one above it', () => {
    const lookup = new ConfigLookup(memoryFs(files), undefined);
    assert.equal(lookup.configFor(P('/ws/broken/Broken.wxs')), undefined);
    assert.equal(lookup.configFor(P('/ws/broken/inner/Inner.wxs')), undefined);
    assert.equal(lookup.ignores(P('/ws/broken/build/X.wxs')), false);
    const file = P('/ws/broken/wixlint.config.json');
    assert.deepEqual(lookup.failures, [{ file, error: `${file}: invalid JSON: Expected ',' or '}' after property value at line 1, column 24` }]);
    assert.deepEqual(lookup.loaded(), []);
  });

  it('problems() adds the rule ids no rule has to the configs that cannot be read', () => {
    const lookup = new ConfigLookup(
      memoryFs({ ...files, '/ws/tools/wixlint.config.json': '{ "rules": { "ice80": "off", "ice-80": "warning" } }' }),
      undefined,
    );
    lookup.configFor(P('/ws/tools/Tool.wxs'));
    lookup.configFor(P('/ws/broken/Broken.wxs'));
    const tools = P('/ws/tools/wixlint.config.json');
    assert.deepEqual(
      lookup.problems(['ice80', 'isa-mixing']).map((p) => p.error),
      [
        `${P('/ws/broken/wixlint.config.json')}: invalid JSON: Expected ',' or '}' after property value at line 1, column 24`,
        `${tools}: unknown rule 'ice-80' in 'rules'; known rules: ice80, isa-mixing`,
      ],
    );
  });

  describe('ignores(), with patterns as .gitignore reads them', () => {
    const lookup = new ConfigLookup(memoryFs(files), undefined);
    const table: [string, boolean][] = [
      // build/: a folder named build at any depth, and everything in it.
      ['/ws/build/Product.wxs', true],
      ['/ws/app/build/x64/Product.wxs', true],
      ['/ws/app/build', true],
      ['/ws/app/builder/Product.wxs', false],
      ['/ws/app/build.wxs', false],
      // **/*.generated.wxs: at the top and at any depth.
      ['/ws/Setup.generated.wxs', true],
      ['/ws/app/sub/Files.generated.wxs', true],
      ['/ws/app/sub/Files.generated.wxs.bak', false],
      ['/ws/app/generated.wxs', false],
      // /Generated.wxs: only beside the config.
      ['/ws/Generated.wxs', true],
      ['/ws/app/Generated.wxs', false],
      ['/ws/app/Product.wxs', false],
      // Another config (the nearest) has no ignorePatterns: its build folder is linted.
      ['/ws/tools/build/Tool.wxs', false],
      // No config at all.
      ['/elsewhere/build/Loose.wxs', false],
    ];
    for (const [file, ignored] of table) it(`${file}: ${ignored ? 'ignored' : 'linted'}`, () => assert.equal(lookup.ignores(P(file)), ignored));
  });

  it("a given config's patterns are relative to its own folder", () => {
    const given = ok('{ "ignorePatterns": ["/Generated.wxs", "out/obj"] }', P('/cfg/wixlint.config.json'));
    const lookup = new ConfigLookup(memoryFs(files), given);
    assert.deepEqual(
      ['/cfg/Generated.wxs', '/ws/Generated.wxs', '/cfg/out/obj/A.wxs', '/cfg/src/out/obj/A.wxs'].map((f) => lookup.ignores(P(f))),
      [true, false, true, false],
    );
  });
});
