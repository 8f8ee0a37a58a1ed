// The isa-mixing refactor "Split into per-ISA packages", form (a): the exact texts it produces, and that the result
// lints clean when built for x86 and for x64.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Refactor } from '../../server/src/fixes';
import { SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE } from '../../server/src/fixes/split';
import { parseXml } from '../../server/src/wix/xml';
import { applyFix, refactorsFor } from './apply';
import { golden, goldenTexts } from '../golden';
import { CHECKED, lintProject, seedProject } from './project';

// Expected texts, in golden files (test/golden.ts).
const GOLDEN = {
  SEED_PRODUCT: 'fixes/golden/split-in-place/seed-Product.wxs',
  SEED_COMPONENTS: 'fixes/golden/split-in-place/seed-Components.wxs',
  INLINE_V3_SPLIT: 'fixes/golden/split-in-place/v3-Product.wxs',
  INLINE_V4_SPLIT: 'fixes/golden/split-in-place/v4-Product.wxs',
  INLINE_V4_BUNDLE: 'fixes/golden/split-in-place/v4-Bundle4.wxs',
  // The bundle's UpgradeCode: the product's from Config.wxi, {795310D6-A98A-4662-A7E6-176252D81237}, every hex digit complemented.
  SEED_BUNDLE: 'fixes/golden/split-in-place/seed-Bundle.wxs',
} as const;
const INLINE_V4_SPLIT = golden(GOLDEN.INLINE_V4_SPLIT);

/** The refactors of the project's isa-mixing problem (as linted for x86): form (a), then form (a) with a bundle. */
function refactors(files: Record<string, string>, fileExists?: (file: string) => boolean): Refactor[] {
  const problem = lintProject(files, 'x86').find((p) => p.ruleId === 'isa-mixing');
  assert.ok(problem, 'the project has an isa-mixing problem');
  const documents = Object.entries(files).map(([file, text]) => ({ file, text }));
  const fixes = refactorsFor('isa-mixing', problem.data, documents, fileExists ? { fileExists } : {});
  // Form (b), one .wxs per ISA, and its bundle variant (splitPerFile.test.ts) follow when they apply (v3).
  assert.deepEqual(
    fixes.slice(0, 2).map((f) => f.title),
    [SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE],
  );
  return fixes.slice(0, 2);
}

/** Form (a) of the project's isa-mixing problem, applied: only the changed files. */
function split(files: Record<string, string>): Record<string, string> {
  const fix = refactors(files)[0]!;
  assert.deepEqual(fix.creates, []);
  return applyFix(fix, files).files;
}

/** Form (a) with a bundle, applied: the changed files and the created one (which must not be a known file). */
function splitWithBundle(
  files: Record<string, string>,
  fileExists?: (file: string) => boolean,
): { changed: Record<string, string>; created: Record<string, string> } {
  const [plain, bundled] = refactors(files, fileExists);
  assert.deepEqual(bundled!.edits, plain!.edits, 'the same edits as form (a)');
  const created: Record<string, string> = {};
  for (const c of bundled!.creates) {
    assert.ok(!(c.file in files) && !(fileExists?.(c.file) ?? false), `never overwrites ${c.file}`);
    assert.deepEqual(parseXml(c.file, c.text).errors, [], `${c.file} parses`);
    created[c.file] = c.text;
  }
  return { changed: applyFix(bundled!, files).files, created };
}

function assertCleanOnBothPlatforms(files: Record<string, string>): void {
  for (const platform of ['x86', 'x64'] as const) {
    const problems = lintProject(files, platform).filter((p) => CHECKED.includes(p.ruleId));
    assert.deepEqual(problems, [], `no ${CHECKED.join('/')} problems for ${platform}`);
  }
}

describe('refactor: split into per-ISA packages, single source per platform (form a)', () => {
  it('v3 seed project (examples/v3): one source for x86 and x64, the 64-bit twin merged into the 32-bit one', () => {
    const files = seedProject();
    const before = lintProject(files, 'x86').map((p) => p.ruleId);
    assert.ok(before.includes('isa-mixing') && before.includes('ice80'), `the seed has the problems: ${before.join(', ')}`);
    const changed = split(files);
    assert.deepEqual(
      changed,
      goldenTexts(changed, { '/project/Product.wxs': GOLDEN.SEED_PRODUCT, '/project/Components.wxs': GOLDEN.SEED_COMPONENTS }),
    );
    assertCleanOnBothPlatforms({ ...files, ...changed });
    // The x64 lint does evaluate the block: a 32-bit Program Files folder on x64 would be reported.
    const wrong = changed['/project/Components.wxs']!.replace(
      '<?define PlatformProgramFilesFolder = "ProgramFiles64Folder" ?>',
      '<?define PlatformProgramFilesFolder = "ProgramFilesFolder" ?>',
    );
    const product = changed['/project/Product.wxs']!.replace(
      '<?define PlatformProgramFilesFolder = "ProgramFiles64Folder" ?>',
      '<?define PlatformProgramFilesFolder = "ProgramFilesFolder" ?>',
    );
    const broken = { ...files, '/project/Product.wxs': product, '/project/Components.wxs': wrong };
    assert.ok(lintProject(broken, 'x64').some((p) => p.ruleId === 'ice80'));
  });

  it('v3 single file: file-name twins, a 64-bit-only component, a 64-bit script and registry search', () => {
    const files = { '/project/Product.wxs': INLINE_V3 };
    const changed = split(files);
    assert.deepEqual(changed, goldenTexts(changed, { '/project/Product.wxs': GOLDEN.INLINE_V3_SPLIT }));
    assertCleanOnBothPlatforms(changed);
  });

  it('v4 single file: Bitness="always64" twin merged, StandardDirectory ProgramFiles6432Folder', () => {
    const files = { '/project/Product.wxs': INLINE_V4 };
    const before = lintProject(files, 'x86').map((p) => p.ruleId);
    assert.ok(before.includes('isa-mixing') && before.includes('ice80'), `the package has the problems: ${before.join(', ')}`);
    const changed = split(files);
    assert.deepEqual(changed, goldenTexts(changed, { '/project/Product.wxs': GOLDEN.INLINE_V4_SPLIT }));
    assertCleanOnBothPlatforms(changed);
  });

  it('v4: a 64-bit File outside a Component (a component of its own) is built into the x64 package only', () => {
    const product = (shell: string) => `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="Demo" Manufacturer="Contoso" Version="1.0.0" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Component Id="Main"><File Source="app.exe" /></Component>
${shell}
      </Directory>
    </StandardDirectory>
  </Package>
</Wix>
`;
    const files = { '/project/Product.wxs': product('        <File Id="Shell64" Source="shell64.dll" Bitness="always64" />') };
    const changed = split(files);
    const header = [
      '<!--',
      '  Built once per ISA, into one package each: the x86 build has the 32-bit components, the x64 build the 64-bit ones.',
      '  Build: wix build -arch x86 Product.wxs -o Product-x86.msi',
      '    and: wix build -arch x64 Product.wxs -o Product-x64.msi',
      '-->',
      '<?if $(sys.BUILDARCH) = x64 ?>',
      '  <?define Bitness = "always64" ?>',
      '<?else?>',
      '  <?define Bitness = "always32" ?>',
      '<?endif?>',
      '',
    ].join('\n');
    assert.deepEqual(changed, {
      '/project/Product.wxs':
        header +
        product('        <?if $(sys.BUILDARCH) = x64 ?>\n        <File Id="Shell64" Source="shell64.dll" Bitness="always64" />\n        <?endif?>'),
    });
    assertCleanOnBothPlatforms(changed);
  });

  it('with a bundle, v3 seed project: Bundle.wxs beside Product.wxs, with its includes and a derived UpgradeCode', () => {
    const files = seedProject();
    const { changed, created } = splitWithBundle(files);
    assert.deepEqual(
      changed,
      goldenTexts(changed, { '/project/Product.wxs': GOLDEN.SEED_PRODUCT, '/project/Components.wxs': GOLDEN.SEED_COMPONENTS }),
    );
    assert.deepEqual(created, goldenTexts(created, { '/project/Bundle.wxs': GOLDEN.SEED_BUNDLE }));
    assertCleanOnBothPlatforms({ ...files, ...changed });
    for (const platform of ['x86', 'x64'] as const) {
      assert.deepEqual(lintProject({ ...files, ...changed, ...created }, platform), [], `the project with the bundle lints clean for ${platform}`);
    }
  });

  it("with a bundle, v3: the UpgradeCode comes from the include on disk when it is not open, and never from the project's place", () => {
    const files = seedProject();
    const problem = lintProject(files, 'x86').find((p) => p.ruleId === 'isa-mixing')!;
    // Config.wxi, which defines $(var.UpgradeCode), is not among the documents (closed in the editor).
    const open = (folder: string) =>
      ['Product.wxs', 'Components.wxs'].map((name) => ({ file: `${folder}/${name}`, text: files[`/project/${name}`]! }));
    const bundleOf = (folder: string, readFile?: (file: string) => string | undefined): string =>
      refactorsFor('isa-mixing', problem.data, open(folder), readFile ? { readFile } : {})[1]!.creates[0]!.text;
    const fromDisk = bundleOf('/project', (file) => (file === '/project/Config.wxi' ? files['/project/Config.wxi'] : undefined));
    assert.equal(fromDisk, golden(GOLDEN.SEED_BUNDLE));
    // Unread, the code is made from the product's file name and what it says: the same wherever the project is.
    const here = bundleOf('/home/a/src/contoso');
    const there = bundleOf('/work/checkout/contoso');
    assert.equal(here, there);
    assert.match(here, /UpgradeCode="\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}"/);
    assert.notEqual(here, fromDisk);
  });

  it('with a bundle, v4: the bal form, and never an existing name (known document or on disk)', () => {
    const taken = new Set(['/project/Bundle.wxs', '/project/bundle2.wxs']);
    const files = { '/project/Product.wxs': INLINE_V4, '/project/BUNDLE3.wxs': '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs" />\n' };
    const { changed, created } = splitWithBundle(files, (file) => taken.has(file) || file === '/project/Bundle2.wxs');
    assert.deepEqual(changed, goldenTexts(changed, { '/project/Product.wxs': GOLDEN.INLINE_V4_SPLIT }));
    assert.deepEqual(created, goldenTexts(created, { '/project/Bundle4.wxs': GOLDEN.INLINE_V4_BUNDLE }));
    const project = { '/project/Product.wxs': INLINE_V4_SPLIT, ...created };
    for (const platform of ['x86', 'x64'] as const) assert.deepEqual(lintProject(project, platform), [], `clean for ${platform}`);
    // A Windows path: the bundle goes beside it too.
    const windows = refactorsFor('isa-mixing', { components: ['Core64'], customActions: [], registrySearches: [] }, [
      { file: 'C:\\src\\App.wxs', text: INLINE_V4 },
    ]);
    assert.deepEqual(
      windows[1]?.creates.map((c) => [c.file, c.text.includes('SourceFile="App-x64.msi"')]),
      [['C:\\src\\Bundle.wxs', true]],
    );
    // No folder in the name (an untitled document): no bundle to put beside it.
    assert.deepEqual(
      refactorsFor('isa-mixing', { components: ['Core64'], customActions: [], registrySearches: [] }, [{ file: 'untitled:1', text: INLINE_V4 }]).map(
        (f) => f.title,
      ),
      [SPLIT_SINGLE_SOURCE_TITLE],
    );
  });

  it('is not offered without 64-bit parts, for other rules, or when a named part is missing', () => {
    const documents = [{ file: '/project/Product.wxs', text: INLINE_V3 }];
    assert.deepEqual(refactorsFor('isa-mixing', { components: [], customActions: [], registrySearches: [] }, documents), []);
    assert.deepEqual(refactorsFor('isa-mixing', undefined, documents), []);
    assert.deepEqual(refactorsFor('isa-mixing', { components: [42] }, documents), []);
    assert.deepEqual(refactorsFor('ice80', { components: ['Core64'], customActions: [], registrySearches: [] }, documents), []);
    assert.deepEqual(refactorsFor('isa-mixing', { components: ['Nowhere64'], customActions: [], registrySearches: [] }, documents), []);
    // A package without 64-bit parts has no isa-mixing problem to refactor.
    const plain = INLINE_V3.replace(/ Win64="yes"/g, '');
    assert.deepEqual(
      lintProject({ '/project/Product.wxs': plain }, 'x86').filter((p) => p.ruleId === 'isa-mixing'),
      [],
    );
  });
});

const INLINE_V3 = String.raw`<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">
    <Package InstallerVersion="200" Compressed="yes" />
    <MediaTemplate />
    <CustomAction Id="Check" Script="jscript" Win64="yes">var x = 1;</CustomAction>
    <Property Id="FOUND"><RegistrySearch Id="Find" Root="HKLM" Key="SOFTWARE\Acme" Type="raw" Win64="yes" /></Property>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLFOLDER" Name="Demo">
          <Component Id="Core32" Guid="*">
            <File Id="Core32Exe" Source="bin\x86\core32.exe" KeyPath="yes" />
          </Component>
          <Component Id="Core64" Guid="*" Win64="yes">
            <File Id="Core64Exe" Source="bin\x64\core64.exe" KeyPath="yes" />
          </Component>
          <Component Id="Driver64" Guid="{22222222-3333-4444-5555-666666666666}" Win64="yes">
            <File Id="DriverSys" Source="driver.sys" KeyPath="yes" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1">
      <ComponentRef Id="Core32" />
      <ComponentRef Id="Core64" />
      <ComponentRef Id="Driver64" />
    </Feature>
  </Product>
</Wix>
`;

const INLINE_V4 = String.raw`<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="Demo" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">
    <MediaTemplate />
    <StandardDirectory Id="ProgramFilesFolder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Component Id="Core32" Guid="{33333333-4444-5555-6666-777777777777}">
          <File Id="Core32Exe" Name="core.exe" Source="bin\x86\core.exe" KeyPath="yes" />
        </Component>
      </Directory>
    </StandardDirectory>
    <StandardDirectory Id="ProgramFiles64Folder">
      <Directory Id="INSTALLFOLDER64" Name="Demo">
        <Component Id="Core64" Guid="{44444444-5555-6666-7777-888888888888}" Bitness="always64">
          <File Id="Core64Exe" Name="core.exe" Source="bin\x64\core.exe" KeyPath="yes" />
        </Component>
      </Directory>
    </StandardDirectory>
    <Feature Id="Main">
      <ComponentRef Id="Core32" />
      <ComponentRef Id="Core64" />
    </Feature>
  </Package>
</Wix>
`;
