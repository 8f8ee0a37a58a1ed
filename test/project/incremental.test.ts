// IncrementalLint, as the editor lints: an edit parses and lowers again only the files it changed, in the units that
// read them (counted), and whatever the edits, the results are those of a full lint of the same texts.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { IncrementalLint } from '../../server/src/project/incremental';
import { lintUnits, UnitsLint, type UnitsLintRequest, type UnitsLintResult } from '../../server/src/project/lint';
import type { LintUnit } from '../../server/src/project/units';
import { parseXml } from '../../server/src/wix/xml';
import { memoryUnits } from './memoryFs';

const P = (p: string): string => path.resolve(p);
const V3 = 'xmlns="http://schemas.microsoft.com/wix/2006/wi"';

/** Folder a: a product whose components come from an include. Folder b: a product and the fragment heat harvested for it. */
const WORKSPACE: Record<string, string> = {
  '/w/a/Product.wxs': `<?xml version="1.0" encoding="utf-8"?>
<Wix ${V3}>
  <Product Id="*" Name="A" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A51}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="A">
      <?include Parts.wxi ?>
    </Directory></Directory></Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="Core" /></Feature>
  </Product>
</Wix>
`,
  '/w/a/Parts.wxi': `<Include>
  <Component Id="Core" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEE1}" Win64="no"><File Source="core.dll" /></Component>
</Include>
`,
  '/w/b/Product.wxs': `<?xml version="1.0" encoding="utf-8"?>
<Wix ${V3}>
  <Product Id="*" Name="B" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A52}">
    <Package InstallerVersion="200" Compressed="yes" Platform="x86" />
    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="B">
      <Component Id="Main" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEE2}" Win64="no"><File Id="MainExe" Source="b.exe" /></Component>
    </Directory></Directory></Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="Main" /><ComponentGroupRef Id="Harvested" /></Feature>
  </Product>
</Wix>
`,
  '/w/b/Harvest.wxs': `<?xml version="1.0" encoding="utf-8"?>
<Wix ${V3}>
  <Fragment>
    <DirectoryRef Id="INSTALLFOLDER">
      <Component Id="cmp1" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-000000000001}"><File Id="fil1" KeyPath="yes" Source="SourceDir\\one.dll" /></Component>
      <Component Id="cmp2" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-000000000002}"><File Id="fil2" KeyPath="yes" Source="SourceDir\\two.dll" /></Component>
    </DirectoryRef>
  </Fragment>
  <Fragment>
    <ComponentGroup Id="Harvested"><ComponentRef Id="cmp1" /><ComponentRef Id="cmp2" /></ComponentGroup>
  </Fragment>
</Wix>
`,
};

/** The workspace's units and a lint request over these texts, as the language server makes them on each pass. */
function pass(files: Record<string, string>): { units: LintUnit[]; base: Omit<UnitsLintRequest, 'parse' | 'lowering'> } {
  const sources = Object.keys(files)
    .filter((f) => f.endsWith('.wxs'))
    .sort()
    .map(P);
  const { units, request } = memoryUnits(files, sources);
  return { units, base: { fs: request.fs, env: {}, overrides: { ...request.overrides, platformsFrom: 'settings' } } };
}

/** Lints every unit through `incremental`, as ProjectLinter does; returns what it found and which units it linted again. */
function lintIncrementally(
  incremental: IncrementalLint,
  files: Record<string, string>,
  keepTree?: (file: string) => boolean,
): { result: UnitsLintResult; relinted: string[] } {
  const { units, base } = pass(files);
  const request = incremental.request(base);
  const merged = new UnitsLint(request);
  const relinted: string[] = [];
  for (const unit of units) {
    const { lint, reused } = incremental.lint(unit, request);
    merged.add(lint);
    if (!reused) relinted.push(path.relative(P('/w'), path.dirname(unit.anchor)));
  }
  incremental.retain(keepTree);
  return { result: merged.result(), relinted };
}

function fullLint(files: Record<string, string>): UnitsLintResult {
  const { units, base } = pass(files);
  return lintUnits(units, { ...base, parse: parseXml });
}

/** Everything a lint tells the user, as comparable data. */
function shown(result: UnitsLintResult): unknown {
  return {
    // The texts by name: a reported problem fills them when read.
    problems: result.problems.map((p) => ({ ...p, message: p.message, note: p.note, help: p.help })),
    units: result.units.map((u) => ({ anchor: u.unit.anchor, platforms: u.platforms, files: u.files })),
  };
}

/** Lowerings since `before`, by file relative to /w. */
function lowered(incremental: IncrementalLint, before: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [file, n] of incremental.lowered) if (n !== (before.get(file) ?? 0)) out[path.relative(P('/w'), file)] = n - (before.get(file) ?? 0);
  return out;
}

describe('IncrementalLint', () => {
  it('lowers again only the changed file, in the units that read it', () => {
    const incremental = new IncrementalLint();
    const files = { ...WORKSPACE };
    let before = new Map(incremental.lowered);
    assert.deepEqual(lintIncrementally(incremental, files).relinted, ['a', 'b']);
    assert.deepEqual(lowered(incremental, before), { 'a/Product.wxs': 1, 'b/Harvest.wxs': 1, 'b/Product.wxs': 1 });

    // The hand-written product of b: b is linted again, its harvested fragment is not lowered again, a is reused.
    files['/w/b/Product.wxs'] = files['/w/b/Product.wxs']!.replace('Win64="no"', 'Win64="yes"');
    before = new Map(incremental.lowered);
    const edited = lintIncrementally(incremental, files);
    assert.deepEqual(edited.relinted, ['b']);
    assert.deepEqual(lowered(incremental, before), { 'b/Product.wxs': 1 });
    assert.deepEqual(
      edited.result.problems.map((p) => [path.relative(P('/w'), p.location.file), p.ruleId]),
      [
        ['b/Product.wxs', 'isa-mixing'],
        ['b/Product.wxs', 'ice80'],
        ['b/Product.wxs', 'ice80'],
      ],
    );

    // The include of a: only a is linted again, and its product (which includes it) is lowered again.
    files['/w/a/Parts.wxi'] = files['/w/a/Parts.wxi']!.replace('Win64="no"', 'Win64="yes"');
    before = new Map(incremental.lowered);
    assert.deepEqual(lintIncrementally(incremental, files).relinted, ['a']);
    assert.deepEqual(lowered(incremental, before), { 'a/Product.wxs': 1 });

    // Nothing changed: nothing is linted or lowered.
    before = new Map(incremental.lowered);
    assert.deepEqual(lintIncrementally(incremental, files).relinted, []);
    assert.deepEqual(lowered(incremental, before), {});
  });

  it("drops a closed file's tree once its model is kept, and does not parse it again while its text is the same", () => {
    const incremental = new IncrementalLint();
    const files = { ...WORKSPACE };
    // The editor has b's product open; the fragment heat harvested beside it is closed, and so is all of a.
    const open = (file: string) => file === P('/w/b/Product.wxs');
    lintIncrementally(incremental, files, open);
    const kept = () => Object.keys(files).filter((f) => incremental.parses.has(P(f)));
    // The fragment's model is kept whole: its tree goes. a's product includes Parts.wxi, so it is lowered from its tree
    // (and the include's) each time a is linted: those stay while a lint reads them.
    assert.deepEqual(kept(), ['/w/a/Product.wxs', '/w/a/Parts.wxi', '/w/b/Product.wxs']);
    // An edit in the open product lints b again: the fragment's lowering and facts are kept, so its text is not parsed.
    files['/w/b/Product.wxs'] = files['/w/b/Product.wxs']!.replace('Win64="no"', 'Win64="yes"');
    const before = incremental.parses.parsedChars;
    const edited = lintIncrementally(incremental, files, open);
    assert.deepEqual(edited.relinted, ['b']);
    assert.equal(incremental.parses.parsedChars - before, files['/w/b/Product.wxs']!.length);
    // a was not linted (reused whole): nothing asked for its trees.
    assert.deepEqual(kept(), ['/w/b/Product.wxs']);
    assert.deepEqual(shown(edited.result), shown(fullLint(files)));
    // The include of a, which a's product reads each time it is lowered: a's product is parsed again, and then dropped.
    files['/w/a/Parts.wxi'] = files['/w/a/Parts.wxi']!.replace('Win64="no"', 'Win64="yes"');
    assert.deepEqual(shown(lintIncrementally(incremental, files, open).result), shown(fullLint(files)));
  });

  it('places problems in a closed file saved with CRLF at their lines, its tree dropped and its model kept', () => {
    const incremental = new IncrementalLint();
    const files: Record<string, string> = { ...WORKSPACE, '/w/b/Harvest.wxs': WORKSPACE['/w/b/Harvest.wxs']!.replace(/\n/g, '\r\n') };
    // The fragment's components are 64-bit in b's x86 package: its problems point into the closed CRLF file.
    files['/w/b/Harvest.wxs'] = files['/w/b/Harvest.wxs']!.replace(/<Component Id="cmp(\d)" /g, '<Component Id="cmp$1" Win64="yes" ');
    const open = (file: string) => file === P('/w/b/Product.wxs');
    const first = lintIncrementally(incremental, files, open).result;
    files['/w/b/Product.wxs'] = files['/w/b/Product.wxs']!.replace('Name="B"', 'Name="B2"');
    const edited = lintIncrementally(incremental, files, open);
    assert.deepEqual(edited.relinted, ['b']);
    const second = edited.result;
    assert.deepEqual(shown(second), shown(fullLint(files)));
    const harvest = P('/w/b/Harvest.wxs');
    const text = second.texts.get(harvest)!;
    assert.equal(text, WORKSPACE['/w/b/Harvest.wxs']!.replace(/<Component Id="cmp(\d)" /g, '<Component Id="cmp$1" Win64="yes" '));
    assert.equal(first.texts.get(harvest), text);
    // Where its problems are, in that text: each component under the 32-bit folder, and its Win64 in the x86 package.
    assert.deepEqual(
      second.problems
        .filter((p) => p.ruleId === 'ice80' && p.location.kind === 'source' && p.location.file === harvest)
        .map((p) => (p.location.kind === 'source' ? text.slice(p.location.start, p.location.end) : '')),
      ['Component', 'Win64="yes"', 'Component', 'Win64="yes"'],
    );
  });

  it('gives what a full lint gives, after any sequence of edits', () => {
    // Edits a person makes (and breaks things with), each a replacement in one file, tried where it applies.
    const EDITS: [file: string, from: string, to: string][] = [
      ['/w/a/Parts.wxi', 'Win64="no"', 'Win64="yes"'],
      ['/w/a/Parts.wxi', 'Win64="yes"', 'Win64="no"'],
      ['/w/a/Product.wxs', 'ProgramFilesFolder', 'ProgramFiles64Folder'],
      ['/w/a/Product.wxs', 'ProgramFiles64Folder', 'ProgramFilesFolder'],
      ['/w/a/Product.wxs', '<?include Parts.wxi ?>', '<?include Missing.wxi ?>'],
      ['/w/a/Product.wxs', '<?include Missing.wxi ?>', '<?include Parts.wxi ?>'],
      ['/w/b/Product.wxs', 'Platform="x86"', 'Platform="x64"'],
      ['/w/b/Product.wxs', 'Platform="x64"', 'Platform="x86"'],
      ['/w/b/Product.wxs', 'Win64="no"', 'Win64="yes"'],
      ['/w/b/Product.wxs', '<ComponentGroupRef Id="Harvested" />', ''],
      ['/w/b/Product.wxs', '<ComponentRef Id="Main" />', '<ComponentRef Id="Main" /><ComponentGroupRef Id="Harvested" />'],
      ['/w/b/Harvest.wxs', '<DirectoryRef Id="INSTALLFOLDER">', '<DirectoryRef Id="INSTALLFOLDER"><Directory Id="ProgramFiles64Folder" />'],
      ['/w/b/Harvest.wxs', 'KeyPath="yes" Source="SourceDir\\one.dll"', 'KeyPath="yes" Source="SourceDir\\x64\\one64.dll" Name="one32.dll"'],
      ['/w/b/Harvest.wxs', '<Fragment>', '<Fragment><?define Arch = "x64" ?><?if $(var.Arch) = "x64" ?><Property Id="P" Value="1" /><?endif?>'],
      ['/w/b/Harvest.wxs', '</Component>', '</Component><Component Id="cmp1" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-000000000009}" Win64="yes" />'],
      ['/w/b/Harvest.wxs', '</ComponentGroup>', '</ComponentGroup'],
      ['/w/b/Harvest.wxs', '</ComponentGroup', '</ComponentGroup>'],
    ];
    let seed = 16;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let sequence = 0; sequence < 25; sequence++) {
      const incremental = new IncrementalLint();
      const files = { ...WORKSPACE };
      const applied: string[] = [];
      for (let step = 0; step < 12; step++) {
        const applicable = EDITS.filter(([file, from]) => files[file]!.includes(from));
        // Now and then a keystroke that breaks the XML somewhere, and its undo.
        if (random(5) === 0) {
          const file = Object.keys(files)[random(4)]!;
          const at = random(files[file]!.length);
          files[file] = files[file]!.slice(0, at) + '<' + files[file]!.slice(at);
          applied.push(`'<' at ${at} in ${file}`);
        } else {
          const [file, from, to] = applicable[random(applicable.length)]!;
          files[file] = files[file]!.replace(from, to);
          applied.push(`${from} -> ${to} in ${file}`);
        }
        // Half the sequences as an editor with only b's product open: the closed files' trees are dropped between lints.
        const keepTree = sequence % 2 === 0 ? undefined : (file: string) => file === P('/w/b/Product.wxs');
        assert.deepEqual(shown(lintIncrementally(incremental, files, keepTree).result), shown(fullLint(files)), `after: ${applied.join('; ')}`);
      }
    }
  });
});
