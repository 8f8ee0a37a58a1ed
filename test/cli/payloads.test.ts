// `wixlint` on sources whose payloads are found through the project's bind paths: a .wixproj's BindPath items (named
// ones for !(bindpath.name)), as the build passes them to the binder.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { IMAGE_FILE_MACHINE_AMD64, peImage } from '../payload/peImage';
import { brief, fullText, runWixlint, tempTree, type JsonProblem } from './cliRun';

const PACKAGE = `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Package Name="Demo" Manufacturer="Contoso" Version="1.0.0" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <StandardDirectory Id="ProgramFilesFolder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Component Id="Main">
          <File Id="Tool" Source="!(bindpath.payload)\\tool.dll" />
        </Component>
      </Directory>
    </StandardDirectory>
  </Package>
</Wix>
`;

const PROJECT = `<Project Sdk="WixToolset.Sdk/5.0.2">
  <PropertyGroup>
    <Platforms>x86</Platforms>
  </PropertyGroup>
  <ItemGroup>
    <BindPath Include="..\\payload" BindName="payload" />
  </ItemGroup>
</Project>`;

describe('payloads found through the project', () => {
  it("reads a !(bindpath.name) payload from the .wixproj's named BindPath", async (t) => {
    const dir = tempTree(t, { 'setup/Setup.wixproj': PROJECT, 'setup/Package.wxs': PACKAGE });
    fs.mkdirSync(path.join(dir, 'payload'));
    fs.writeFileSync(path.join(dir, 'payload', 'tool.dll'), peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true }));
    const run = await runWixlint(['--format', 'json', 'setup'], dir);
    const problems = (JSON.parse(run.stdout) as { problems: JsonProblem[] }).problems;
    assert.deepEqual(
      problems.map((p) => `${brief(p)} ${fullText(p)}`),
      [
        "setup/Package.wxs:6:27-6:64 error payload-isa [x86] File 'Tool' is an x64 binary but component " +
          `'Main' is 32-bit Read from ${path.join(dir, 'payload', 'tool.dll')}. A 32-bit component ` +
          'installs to the 32-bit folders and registry view, for 32-bit processes, which cannot load an ' +
          'x64 binary. Install it from a 64-bit component of the 64-bit package, and the x86 build of the ' +
          'file here.',
      ],
    );
  });
});

describe('payloads not found', () => {
  it("are said when a config's missingPayloads asks, as --missing-payloads does, and --print-config shows which", async (t) => {
    const dir = tempTree(t, {
      'setup/Setup.wixproj': PROJECT,
      'setup/Package.wxs': PACKAGE,
      'other/Package.wxs': PACKAGE.replace('!(bindpath.payload)\\tool.dll', 'bin\\tool.dll'),
      'other/wixlint.config.json': '{ "missingPayloads": true }',
    });
    fs.mkdirSync(path.join(dir, 'payload'));
    const lint = async (argv: string[]): Promise<string[]> => {
      const run = await runWixlint(['--format', 'json', ...argv], dir);
      return (JSON.parse(run.stdout) as { problems: JsonProblem[] }).problems.map((p) => `${brief(p)} ${p.message}`);
    };
    // The config beside other/ asks; setup/ has none: its tool.dll is said only with the flag.
    const other = "other/Package.wxs:6:27-6:48 info payload-isa [x86] The payload of File 'Tool' was not found";
    const setup = "setup/Package.wxs:6:27-6:64 info payload-isa [x86] The payload of File 'Tool' was not found";
    assert.deepEqual(await lint(['setup', 'other']), [other]);
    assert.deepEqual(await lint(['--missing-payloads', 'setup', 'other']), [other, setup]);
    const printed = async (argv: string[]): Promise<boolean> =>
      (JSON.parse((await runWixlint(['--print-config', ...argv], dir)).stdout) as { missingPayloads: boolean }).missingPayloads;
    assert.deepEqual(
      [await printed(['other/Package.wxs']), await printed(['setup/Package.wxs']), await printed(['setup/Package.wxs', '--missing-payloads'])],
      [true, false, true],
    );
  });
});
