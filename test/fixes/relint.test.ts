// Fixes from real lint problems: applying them to the sources makes the problem go away when the project is linted again.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintCase, v3 } from '../ruleTester';
import { applyFix, quickFixesFor } from './apply';

const FILE = '/project/Product.wxs';

function lint(ruleId: string, files: Record<string, string>): ReturnType<typeof lintCase>['result'] {
  return lintCase({ name: ruleId, files }, ruleId).result;
}

/** Lints the files for one rule, applies the first fix of every problem that has one, and returns the new texts. */
function fixEverything(ruleId: string, files: Record<string, string>): { titles: string[]; files: Record<string, string> } {
  let current = { ...files };
  const titles: string[] = [];
  for (const problem of lint(ruleId, current).problems) {
    const own = problem.location.kind === 'source' ? problem.location.file : FILE;
    const documents = [own, ...Object.keys(current).filter((f) => f !== own)].map((file) => ({ file, text: current[file]! }));
    const fix = quickFixesFor(problem.ruleId, problem.fix, documents)[0];
    if (!fix) continue;
    titles.push(fix.title);
    current = { ...current, ...applyFix(fix, current).files };
  }
  return { titles, files: current };
}

describe('fixes of linted problems', () => {
  it('ice80: a Win64="yes" component under ProgramFilesFolder in an x86 package becomes Win64="no", and ice80 is satisfied', () => {
    const before = v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Core" Guid="*" Win64="yes"><File Source="app.exe" /></Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><ComponentRef Id="Core" /></Feature>`);
    const fixed = fixEverything('ice80', { [FILE]: before });
    // Two problems (package and directory), one edit: the second fix finds nothing left to do.
    assert.equal(fixed.titles.length, 1);
    assert.deepEqual(fixed.files, { [FILE]: before.replace('Win64="yes"', 'Win64="no"') });
    assert.deepEqual(lint('ice80', fixed.files).problems, []);
  });

  it('com-overwrite: guarding the twins makes them mutually exclusive', () => {
    const twin = (id: string, win64: string) => `          <Component Id="${id}" Guid="*" Win64="${win64}">
            <File Id="${id}Dll" Source="${id}.dll" />
            <RegistryValue Root="HKCR" Key="CLSID\\{B09BAAE7-5C1A-4F64-9E3D-2A7C51F0D8A4}\\InprocServer32" Type="string" Value="[#${id}Dll]" />
          </Component>`;
    const before = v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
${twin('Shell32', 'no')}
${twin('Shell64', 'yes')}
        </Directory>
      </Directory>
    </Directory>`);
    assert.ok(lint('com-overwrite', { [FILE]: before }).problems.length > 0, 'the twins collide');
    const fixed = fixEverything('com-overwrite', { [FILE]: before });
    assert.deepEqual(fixed.titles, ["Guard 'Shell64' with VersionNT64 and 'Shell32' with NOT VersionNT64"]);
    assert.deepEqual(fixed.files, {
      [FILE]: before
        .replace('Win64="no">\n', 'Win64="no">\n            <Condition>NOT VersionNT64</Condition>\n')
        .replace('Win64="yes">\n', 'Win64="yes">\n            <Condition>VersionNT64</Condition>\n'),
    });
    assert.deepEqual(lint('com-overwrite', fixed.files).problems, []);
  });
});
