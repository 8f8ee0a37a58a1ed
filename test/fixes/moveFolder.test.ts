// Tests the ice80 fix that keeps a component's bitness and moves its Program Files folder instead: the *6432Folder form in
// WiX v4, the twin folder in v3 when no other component under it would break; exact texts, then a re-lint per platform.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BuildArch } from '../../server/src/model/platform';
import { lintCase, v3, v4 } from '../ruleTester';
import { applyFix, fixAll, quickFixesFor, type Applied } from './apply';

const FILE = '/project/Product.wxs';

const TO_32 = { component: 'Core', directory: 'INSTALLDIR', folder: 'ProgramFilesFolder', bitness: 32 };
const TO_64 = { component: 'Core', directory: 'INSTALLDIR', folder: 'ProgramFiles64Folder', bitness: 64 };

/** The move fix among the problem's fixes (the bitness fix comes first), or undefined. */
function moveFix(data: unknown, files: Record<string, string>): Applied | undefined {
  return fixAll('ice80', data, files).find((f) => !f.title.startsWith('Set '));
}

const V3_SINGLE = v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Core" Guid="*" Win64="yes"><File Source="app.exe" /></Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><ComponentRef Id="Core" /></Feature>`);

const V4_ALWAYS64 = v4(`    <StandardDirectory Id="ProgramFilesFolder">
      <Directory Id="INSTALLDIR" Name="Demo">
        <Component Id="Core" Bitness="always64"><File Source="app.exe" /></Component>
      </Directory>
    </StandardDirectory>
    <Feature Id="Main"><ComponentRef Id="Core" /></Feature>`);

describe('ice80 fix: move the component to the matching Program Files folder', () => {
  it('v4: StandardDirectory ProgramFilesFolder with an always64 component becomes ProgramFiles6432Folder', () => {
    assert.deepEqual(moveFix(TO_32, { [FILE]: V4_ALWAYS64 }), {
      title: 'Use ProgramFiles6432Folder, which follows the build platform',
      files: {
        [FILE]: `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="Demo" Manufacturer="Contoso" Version="1.0.0" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLDIR" Name="Demo">
        <Component Id="Core" Bitness="always64"><File Source="app.exe" /></Component>
      </Directory>
    </StandardDirectory>
    <Feature Id="Main"><ComponentRef Id="Core" /></Feature>
  </Package>
</Wix>
`,
      },
    });
  });

  it('v4: a Directory attribute naming the folder is the one edited, across a DirectoryRef in another file', () => {
    const own = v4(`    <Feature Id="Main"><ComponentRef Id="Core" /><ComponentRef Id="Docs" /></Feature>`);
    const parts = `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Fragment>
    <Component Id="Core" Directory="CommonFiles64Folder" />
    <DirectoryRef Id="SHARED">
      <Component Id="Docs" Bitness="always32" />
    </DirectoryRef>
    <StandardDirectory Id="CommonFiles64Folder"><Directory Id="SHARED" Name="Shared" /></StandardDirectory>
  </Fragment>
</Wix>
`;
    // Core follows the platform: 32-bit in the x86 build, under the 64-bit folder.
    const core = { component: 'Core', directory: 'CommonFiles64Folder', folder: 'CommonFiles64Folder', bitness: 64 };
    assert.deepEqual(moveFix(core, { [FILE]: own, '/project/Parts.wxs': parts }), {
      title: 'Use CommonFiles6432Folder, which follows the build platform',
      files: { '/project/Parts.wxs': parts.replace('Directory="CommonFiles64Folder"', 'Directory="CommonFiles6432Folder"') },
    });
    // Docs is always32: the *6432Folder form would still be 64-bit in x64 builds, so it gets the 32-bit folder itself.
    const docs = { component: 'Docs', directory: 'SHARED', folder: 'CommonFiles64Folder', bitness: 64 };
    assert.deepEqual(moveFix(docs, { [FILE]: own, '/project/Parts.wxs': parts }), {
      title: 'Move the folder to CommonFilesFolder',
      files: { '/project/Parts.wxs': parts.replace('<StandardDirectory Id="CommonFiles64Folder">', '<StandardDirectory Id="CommonFilesFolder">') },
    });
  });

  it('v3: a single Win64="yes" component under ProgramFilesFolder moves the folder to ProgramFiles64Folder', () => {
    assert.deepEqual(moveFix(TO_32, { [FILE]: V3_SINGLE }), {
      title: 'Move the folder to ProgramFiles64Folder',
      files: {
        [FILE]: `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Core" Guid="*" Win64="yes"><File Source="app.exe" /></Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><ComponentRef Id="Core" /></Feature>
  </Product>
</Wix>
`,
      },
    });
  });

  it('v3: follows a DirectoryRef in another file to the folder definition; the reverse direction too', () => {
    const product = v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder"><Directory Id="INSTALLDIR" Name="Demo" /></Directory>
    </Directory>`);
    const fragment = `<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <DirectoryRef Id="INSTALLDIR">
      <Component Id="Core" Guid="*" Win64="no" />
      <Component Id="Other" Guid="*" Win64="no" />
    </DirectoryRef>
  </Fragment>
</Wix>
`;
    assert.deepEqual(moveFix(TO_64, { '/project/Fragment.wxs': fragment, [FILE]: product }), {
      title: 'Move the folder to ProgramFilesFolder',
      files: { [FILE]: product.replace('Id="ProgramFiles64Folder"', 'Id="ProgramFilesFolder"') },
    });
  });

  it('v3: not offered when a 32-bit sibling also lives under the folder', () => {
    const files = {
      [FILE]: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Core" Guid="*" Win64="yes"><File Source="app.exe" /></Component>
        </Directory>
        <Directory Id="TOOLS" Name="Tools">
          <Component Id="Tool" Guid="*" Win64="no"><File Source="tool.exe" /></Component>
        </Directory>
      </Directory>
    </Directory>`),
    };
    assert.deepEqual(
      fixAll('ice80', TO_32, files).map((f) => f.title),
      ['Set Win64="no" to match the 32-bit ProgramFilesFolder'],
    );
  });

  it('v4: a File outside a Component is a sibling too: an always32 one keeps the folder where it is', () => {
    const withNaked = V4_ALWAYS64.replace(
      '<Component Id="Core" Bitness="always64">',
      '<File Id="Legacy" Source="legacy.dll" Bitness="always32" />\n        <Component Id="Core" Bitness="always64">',
    );
    assert.notEqual(withNaked, V4_ALWAYS64);
    assert.equal(moveFix(TO_32, { [FILE]: withNaked }), undefined);
    // Following the build, it fits the folder that does too.
    assert.notEqual(moveFix(TO_32, { [FILE]: withNaked.replace(' Bitness="always32"', '') }), undefined);
  });

  it('not offered when the move cannot be right or the sources changed', () => {
    const none = (data: unknown, text: string): void => {
      // Each case changes the data or the text of a case the fix applies to.
      assert.ok(data !== TO_32 || (text !== V3_SINGLE && text !== V4_ALWAYS64), 'the case differs from a fixable one');
      assert.equal(moveFix(data, { [FILE]: text }), undefined, text);
    };
    // A sibling that follows the platform would break in x86 builds.
    none(TO_32, V3_SINGLE.replace('</Directory>\n      </Directory>', '</Directory>\n        <Component Id="Tool" Guid="*" />\n      </Directory>'));
    // v3, a component that follows the platform: no single folder is right (that is the split refactor's job).
    none(TO_32, V3_SINGLE.replace(' Win64="yes"', ''));
    none(TO_32, V3_SINGLE.replace('Win64="yes"', 'Win64="$(var.Win64)"'));
    // v3, the twin is already defined, or the package is declared 32-bit.
    none(TO_32, V3_SINGLE.replace('</Directory>\n    </Directory>', '</Directory>\n      <Directory Id="ProgramFiles64Folder" />\n    </Directory>'));
    none(TO_32, V3_SINGLE.replace('Compressed="yes"', 'Compressed="yes" Platform="x86"'));
    // v4, an always32 sibling under the StandardDirectory would be 64-bit in x64 builds.
    none(TO_32, V4_ALWAYS64.replace('</Component>', '</Component>\n        <Component Id="Tool" Bitness="always32" />'));
    // The component already matches, is gone, or sits under another folder than the data says.
    none(TO_32, V3_SINGLE.replace('Win64="yes"', 'Win64="no"'));
    none(TO_32, V3_SINGLE.replace('Id="Core"', 'Id="Renamed"'));
    none(TO_32, V3_SINGLE.replace('ProgramFilesFolder', 'CommonFilesFolder'));
    none({ ...TO_32, bitness: 64 }, V3_SINGLE);
    none({ ...TO_32, folder: 'AppDataFolder' }, V3_SINGLE);
  });
});

describe('ice80 move fix, linted again', () => {
  const problems = (files: Record<string, string>, platforms: BuildArch[]) => lintCase({ name: 'ice80', files, platforms }, 'ice80').result.problems;

  for (const [name, before, platforms, title] of [
    ['v3, x64', V3_SINGLE, ['x64'], 'Move the folder to ProgramFiles64Folder'],
    ['v4, x64 and arm64', V4_ALWAYS64, ['x64', 'arm64'], 'Use ProgramFiles6432Folder, which follows the build platform'],
  ] as const) {
    it(`${name}: the component-vs-directory problem is gone after the fix`, () => {
      const files = { [FILE]: before };
      const found = problems(files, [...platforms]);
      const directory = found.find((p) => p.message.includes('installs under the 32-bit ProgramFilesFolder'));
      assert.ok(directory, `a component-vs-directory problem among ${JSON.stringify(found.map((p) => p.message))}`);
      const fix = quickFixesFor('ice80', directory.fix, [{ file: FILE, text: before }]).find((f) => f.title === title);
      assert.ok(fix, `the move fix is offered for ${JSON.stringify(directory.fix)}`);
      assert.deepEqual(problems(applyFix(fix, files).files, [...platforms]), []);
    });
  }
});
