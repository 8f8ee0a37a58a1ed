// `wixlint` on a product that merges modules from disk: the module is found as the binder finds it (the source's
// folder, then -b bind paths) and read through the package host, and its problems land on the Merge element.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { overlayModule } from '../msi/modules';
import { brief, fullText, runWixlint, tempTree, type JsonProblem } from './cliRun';

const PRODUCT = `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Merge Id="O64" SourceFile="Overlay64.msm" DiskId="1" Language="1033" />
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><MergeRef Id="O64" /></Feature>
  </Product>
</Wix>
`;

async function lint(dir: string, argv: string[]): Promise<string[]> {
  const run = await runWixlint(['--format', 'json', '--rule', 'ice80=off', '--rule', 'com-overwrite=off', ...argv], dir);
  return (JSON.parse(run.stdout) as { problems: JsonProblem[] }).problems.map((p) => `${brief(p)} ${fullText(p).slice(0, 60)}`);
}

describe('merge modules on disk', () => {
  it('reads the module found through a bind path, and reports the 64-bit module in the 32-bit product at its Merge', async (t) => {
    const dir = tempTree(t, { 'src/Product.wxs': PRODUCT });
    fs.mkdirSync(path.join(dir, 'modules'));
    fs.writeFileSync(path.join(dir, 'modules', 'Overlay64.msm'), overlayModule(64));
    // Not beside the source, and no bind path: not looked at, nothing said.
    assert.deepEqual(await lint(dir, ['src']), []);
    assert.deepEqual(await lint(dir, ['-b', 'modules', 'src']), [
      "src/Product.wxs:3:4-3:11 error isa-mixing [x86] The x86 build makes a 32-bit package, but component 'Overlay",
      "src/Product.wxs:8:12-8:17 error isa-mixing [x86] Merge module 'Overlay64.msm' is 64-bit but the x86 build mak",
    ]);
    assert.deepEqual(await lint(dir, ['--missing-payloads', 'src']), [
      "src/Product.wxs:8:12-8:17 info payload-isa [x86] Merge module 'Overlay64.msm': not checked Not found (looked ",
    ]);
  });
});
