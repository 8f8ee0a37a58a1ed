// The isa-mixing refactor "Split into one .wxs per ISA", form (b), WiX v3 and v4: the exact files it creates and the shared
// sources it edits, that each per-ISA product (with the shared sources) lints clean for its ISA, and where it is not offered.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Refactor } from '../../server/src/fixes';
import { SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE } from '../../server/src/fixes/split';
import { SPLIT_PER_FILE_TITLE, SPLIT_PER_FILE_WITH_BUNDLE_TITLE } from '../../server/src/fixes/splitPerFile';
import { parseXml } from '../../server/src/wix/xml';
import { applyFix, refactorsFor } from './apply';
import { golden, goldenTexts } from '../golden';
import { CHECKED, lintProject, seedProject } from './project';

// Expected texts, in golden files (test/golden.ts).
const GOLDEN = {
  SEED_X86: 'fixes/golden/split-per-file/seed-Product.x86.wxs',
  SEED_X64: 'fixes/golden/split-per-file/seed-Product.x64.wxs',
  SEED_COMPONENTS_SHARED: 'fixes/golden/split-per-file/seed-Components.wxs',
  INLINE_V3_X86: 'fixes/golden/split-per-file/v3-Product.x86.wxs',
  INLINE_V3_X64: 'fixes/golden/split-per-file/v3-Product.x64.wxs',
  // The bundle's UpgradeCode: the product's from Config.wxi, {795310D6-A98A-4662-A7E6-176252D81237}, every hex digit complemented.
  SEED_PER_FILE_BUNDLE: 'fixes/golden/split-per-file/seed-Bundle.wxs',
  V4_COMPONENTS_SHARED: 'fixes/golden/split-per-file/v4-Components.wxs',
  V4_X86: 'fixes/golden/split-per-file/v4-Package.x86.wxs',
  V4_X64: 'fixes/golden/split-per-file/v4-Package.x64.wxs',
} as const;
const SEED_X86 = golden(GOLDEN.SEED_X86);
const SEED_X64 = golden(GOLDEN.SEED_X64);
const SEED_COMPONENTS_SHARED = golden(GOLDEN.SEED_COMPONENTS_SHARED);
const INLINE_V3_X86 = golden(GOLDEN.INLINE_V3_X86);
const INLINE_V3_X64 = golden(GOLDEN.INLINE_V3_X64);
const SEED_PER_FILE_BUNDLE = golden(GOLDEN.SEED_PER_FILE_BUNDLE);
const V4_COMPONENTS_SHARED = golden(GOLDEN.V4_COMPONENTS_SHARED);
const V4_X64 = golden(GOLDEN.V4_X64);

/** Every refactor of the project's isa-mixing problem (as linted for x86). */
function refactors(files: Record<string, string>, fileExists?: (file: string) => boolean): Refactor[] {
  const problem = lintProject(files, 'x86').find((p) => p.ruleId === 'isa-mixing');
  assert.ok(problem, 'the project has an isa-mixing problem');
  const documents = Object.entries(files).map(([file, text]) => ({ file, text }));
  return refactorsFor('isa-mixing', problem.data, documents, fileExists ? { fileExists } : {});
}

/** Form (b) (or with its bundle), applied: the edited shared files and the created ones (parsing, never a known or existing file). */
function splitPerFile(
  files: Record<string, string>,
  fileExists?: (file: string) => boolean,
  withBundle = false,
): { changed: Record<string, string>; created: Record<string, string> } {
  const all = refactors(files, fileExists);
  assert.deepEqual(
    all.map((f) => f.title),
    [SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE, SPLIT_PER_FILE_TITLE, SPLIT_PER_FILE_WITH_BUNDLE_TITLE],
  );
  assert.deepEqual(all[3]!.edits, all[2]!.edits, 'the bundle variant edits as form (b) does');
  assert.deepEqual(all[3]!.creates.slice(0, 2), all[2]!.creates, 'and creates the same per-ISA sources, then the bundle');
  const fix = all[withBundle ? 3 : 2]!;
  const created: Record<string, string> = {};
  for (const c of fix.creates) {
    assert.ok(
      !Object.keys(files).some((f) => f.toLowerCase() === c.file.toLowerCase()) && !(fileExists?.(c.file) ?? false),
      `never overwrites ${c.file}`,
    );
    assert.deepEqual(parseXml(c.file, c.text).errors, [], `${c.file} parses`);
    created[c.file] = c.text;
  }
  return { changed: applyFix(fix, files).files, created };
}

/** The per-ISA product with the shared sources (every source but the original product's), linted for its ISA. */
function assertCleanPerIsa(shared: Record<string, string>, x86: [string, string], x64: [string, string]): void {
  for (const [platform, [file, text]] of [
    ['x86', x86],
    ['x64', x64],
  ] as const) {
    const problems = lintProject({ ...shared, [file]: text }, platform).filter((p) => CHECKED.includes(p.ruleId));
    assert.deepEqual(problems, [], `no ${CHECKED.join('/')} problems for ${platform} (${file})`);
  }
}

/** Each platform's product as created (`${stem}.x86.wxs`, `${stem}.x64.wxs`) with the shared sources: no problem at all for its platform. */
function assertEachProductLintsClean(shared: Record<string, string>, created: Record<string, string>, stem: string, what: string): void {
  for (const platform of ['x86', 'x64'] as const) {
    const file = `${stem}.${platform}.wxs`;
    const text = created[file];
    assert.ok(text !== undefined, `${file} is created`);
    assert.deepEqual(lintProject({ ...shared, [file]: text }, platform), [], `the ${platform} ${what} lints clean`);
  }
}

describe('refactor: split into one .wxs per ISA (form b)', () => {
  it('v3 seed project: Product.x86.wxs and Product.x64.wxs, the twins moved out of Components.wxs, Product.wxs untouched', () => {
    const files = seedProject();
    const { changed, created } = splitPerFile(files);
    assert.deepEqual(changed, goldenTexts(changed, { '/project/Components.wxs': GOLDEN.SEED_COMPONENTS_SHARED }));
    assert.deepEqual(created, goldenTexts(created, { '/project/Product.x86.wxs': GOLDEN.SEED_X86, '/project/Product.x64.wxs': GOLDEN.SEED_X64 }));
    const shared = { '/project/Components.wxs': SEED_COMPONENTS_SHARED, '/project/Config.wxi': files['/project/Config.wxi']! };
    assertCleanPerIsa(shared, ['/project/Product.x86.wxs', SEED_X86], ['/project/Product.x64.wxs', SEED_X64]);
    assertEachProductLintsClean(shared, created, '/project/Product', 'product');
    // Distinct component GUIDs per ISA: the x86 product keeps the 32-bit one's, the x64 product the 64-bit one's.
    assert.match(SEED_X86, /Id="ShellExt32" Win64="no" Guid="\{12A98734-60DC-499F-A3B3-0C58899C866D\}"/);
    assert.match(SEED_X64, /Id="ShellExt64" Guid="\{C7762F12-FE7F-401D-B0DD-3037BAAE3B5C\}" Win64="yes"/);
    // The x64 lint does check the x64 product: its 32-bit Program Files folder would be reported.
    const wrong = SEED_X64.replace('ProgramFiles64Folder', 'ProgramFilesFolder');
    assert.ok(lintProject({ ...shared, '/project/Product.x64.wxs': wrong }, 'x64').some((p) => p.ruleId === 'ice80'));
  });

  it("is still offered, with the same edits, when another project's package is open beside it", () => {
    const files = seedProject();
    const problem = lintProject(files, 'x86').find((p) => p.ruleId === 'isa-mixing');
    assert.ok(problem, 'the project has an isa-mixing problem');
    const documents = Object.entries(files).map(([file, text]) => ({ file, text }));
    // Another product, with its own ProgramFilesFolder, open in the editor: not part of this project.
    const other = { file: '/elsewhere/Other.wxs', text: INLINE_V3 };
    const alone = refactorsFor('isa-mixing', problem.data, documents, {});
    const beside = refactorsFor('isa-mixing', problem.data, [...documents, other], {});
    assert.deepEqual(
      beside.map((f) => f.title),
      [SPLIT_SINGLE_SOURCE_TITLE, SPLIT_WITH_BUNDLE_TITLE, SPLIT_PER_FILE_TITLE, SPLIT_PER_FILE_WITH_BUNDLE_TITLE],
    );
    assert.deepEqual(beside[2], alone[2]);
  });

  it('with a bundle, v3 seed project: Bundle.wxs chaining Product.x86.msi and Product.x64.msi, each ISA clean with it', () => {
    const files = seedProject();
    const { changed, created } = splitPerFile(files, undefined, true);
    assert.deepEqual(changed, goldenTexts(changed, { '/project/Components.wxs': GOLDEN.SEED_COMPONENTS_SHARED }));
    assert.deepEqual(
      created,
      goldenTexts(created, {
        '/project/Product.x86.wxs': GOLDEN.SEED_X86,
        '/project/Product.x64.wxs': GOLDEN.SEED_X64,
        '/project/Bundle.wxs': GOLDEN.SEED_PER_FILE_BUNDLE,
      }),
    );
    const shared = {
      '/project/Components.wxs': SEED_COMPONENTS_SHARED,
      '/project/Config.wxi': files['/project/Config.wxi']!,
      '/project/Bundle.wxs': SEED_PER_FILE_BUNDLE,
    };
    assertEachProductLintsClean(shared, created, '/project/Product', 'product with the bundle');
  });

  it('v3 single file: the product copied per ISA, with explicit Win64 everywhere and no edit of existing files', () => {
    const { changed, created } = splitPerFile({ '/project/Product.wxs': INLINE_V3 });
    assert.deepEqual(changed, {});
    assert.deepEqual(
      created,
      goldenTexts(created, { '/project/Product.x86.wxs': GOLDEN.INLINE_V3_X86, '/project/Product.x64.wxs': GOLDEN.INLINE_V3_X64 }),
    );
    assertCleanPerIsa({}, ['/project/Product.x86.wxs', INLINE_V3_X86], ['/project/Product.x64.wxs', INLINE_V3_X64]);
  });

  it('never takes an existing name (known document, case-insensitively, or on disk): the next free pair', () => {
    const files = { ...seedProject(), '/project/product.X64.wxs': '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi" />\n' };
    const { created } = splitPerFile(files, (file) => file === '/project/Product.x86.2.wxs' || file === '/project/Bundle.wxs', true);
    assert.deepEqual(Object.keys(created), ['/project/Product.x86.3.wxs', '/project/Product.x64.3.wxs', '/project/Bundle2.wxs']);
    // The same file as Product.x86.wxs would be, but for the names its header gives.
    assert.equal(created['/project/Product.x86.3.wxs'], SEED_X86.replace(/Product\.(x86|x64)\.(wxs|msi|wixobj)/g, 'Product.$1.3.$2'));
    // light names each MSI after its source.
    assert.match(
      created['/project/Bundle2.wxs']!,
      /SourceFile="Product\.x86\.3\.msi" InstallCondition="NOT VersionNT64" \/>\n {6}<MsiPackage SourceFile="Product\.x64\.3\.msi"/,
    );
  });

  it('v4 project: Package.x86.wxs and Package.x64.wxs with Bitness written out, the twins moved out of their ComponentGroup', () => {
    const files = { '/p/Package.wxs': V4_PACKAGE, '/p/Components.wxs': V4_COMPONENTS };
    const { changed, created } = splitPerFile(files);
    assert.deepEqual(changed, goldenTexts(changed, { '/p/Components.wxs': GOLDEN.V4_COMPONENTS_SHARED }));
    assert.deepEqual(created, goldenTexts(created, { '/p/Package.x86.wxs': GOLDEN.V4_X86, '/p/Package.x64.wxs': GOLDEN.V4_X64 }));
    const shared = { '/p/Components.wxs': V4_COMPONENTS_SHARED };
    assertEachProductLintsClean(shared, created, '/p/Package', 'package');
    // The x86 lint does check the x86 package: a 64-bit component in it would be reported.
    assert.ok(lintProject({ ...shared, '/p/Package.x86.wxs': V4_X64 }, 'x86').some((p) => p.ruleId === 'isa-mixing'));
    const withBundle = splitPerFile(files, undefined, true).created;
    assert.match(
      withBundle['/p/Bundle.wxs']!,
      /<MsiPackage SourceFile="Package\.x86\.msi" InstallCondition="NOT VersionNT64" \/>\n {6}<MsiPackage SourceFile="Package\.x64\.msi" InstallCondition="VersionNT64" \/>/,
    );
  });

  it('is not offered without a folder, or when a moved ComponentRef is in no group a Feature of the product references', () => {
    const data = { components: ['Core64', 'Driver64'], customActions: ['Check'], registrySearches: ['Find'] };
    const titles = (documents: { file: string; text: string }[]): string[] => refactorsFor('isa-mixing', data, documents).map((f) => f.title);
    assert.ok(titles([{ file: '/project/Product.wxs', text: INLINE_V3 }]).includes(SPLIT_PER_FILE_TITLE));
    assert.ok(!titles([{ file: 'untitled:1', text: INLINE_V3 }]).includes(SPLIT_PER_FILE_TITLE));
    const v4 = `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="Demo" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">
    <StandardDirectory Id="ProgramFiles64Folder">
      <Component Id="Core64" Bitness="always64"><File Source="core.exe" /></Component>
    </StandardDirectory>
    <Feature Id="Main"><ComponentRef Id="Core64" /></Feature>
  </Package>
</Wix>
`;
    assert.ok(
      refactorsFor('isa-mixing', { components: ['Core64'], customActions: [], registrySearches: [] }, [{ file: '/p/Product.wxs', text: v4 }]).some(
        (f) => f.title === SPLIT_PER_FILE_TITLE,
      ),
    );
    // A v4 component moved out of a group no Feature of the package references: its copy could not be referenced.
    const unreferenced = V4_PACKAGE.replace('<ComponentGroupRef Id="ShellComponents" />', '<ComponentGroupRef Id="Other" />');
    const v4Documents = [
      { file: '/p/Package.wxs', text: unreferenced },
      { file: '/p/Components.wxs', text: V4_COMPONENTS },
    ];
    assert.ok(
      !refactorsFor('isa-mixing', { components: ['ShellExt64'], customActions: [], registrySearches: [] }, v4Documents).some(
        (f) => f.title === SPLIT_PER_FILE_TITLE,
      ),
    );
    // The seed's ComponentGroup referenced from no Feature of Product.wxs: the per-ISA files could not reference the twins.
    const files = seedProject();
    files['/project/Product.wxs'] = files['/project/Product.wxs']!.replace(
      '<ComponentGroupRef Id="ShellExtensionComponents" />',
      '<ComponentGroupRef Id="Other" />',
    );
    const documents = Object.entries(files).map(([file, text]) => ({ file, text }));
    assert.ok(
      !refactorsFor('isa-mixing', { components: ['ShellExt64'], customActions: [], registrySearches: [] }, documents).some(
        (f) => f.title === SPLIT_PER_FILE_TITLE,
      ),
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

const V4_PACKAGE = `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="Demo" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">
    <MediaTemplate EmbedCab="yes" />
    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo" />
    </StandardDirectory>
    <StandardDirectory Id="ProgramFiles64Folder">
      <Directory Id="INSTALLFOLDER64" Name="Demo" />
    </StandardDirectory>
    <Feature Id="Main">
      <ComponentGroupRef Id="ShellComponents" />
    </Feature>
  </Package>
</Wix>
`;

const V4_COMPONENTS = String.raw`<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Fragment>
    <ComponentGroup Id="ShellComponents" Directory="INSTALLFOLDER">
      <Component>
        <File Source="bin\app.exe" />
      </Component>
      <Component Id="ShellExt32" Guid="{6F0A1D2E-3B4C-4D5E-8F60-718293A4B5C6}">
        <File Source="bin\x86\shellext.dll" />
      </Component>
      <Component Id="ShellExt64" Guid="{6F0A1D2E-3B4C-4D5E-8F60-718293A4B5C7}" Bitness="always64" Directory="INSTALLFOLDER64">
        <File Source="bin\x64\shellext.dll" />
      </Component>
    </ComponentGroup>
  </Fragment>
</Wix>
`;
