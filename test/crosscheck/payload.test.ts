// payload-isa against packages wixl builds: the same payloads judged in the sources and, read back from the package's
// embedded MSZIP cabinet, in the built MSI.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runWixlint, tempTree } from '../cli/cliRun';
import { IMAGE_FILE_MACHINE_AMD64, IMAGE_FILE_MACHINE_I386, peImage } from '../payload/peImage';
import { missing } from '../tools';

const WIXL_MISSING = missing('wixl');

/** A product whose one component installs `name` from `source`; 64-bit (Win64) when `win64`. */
function product(name: string, source: string, win64: boolean): string {
  const folder = win64 ? 'ProgramFiles64Folder' : 'ProgramFilesFolder';
  return `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Package InstallerVersion="200" Compressed="yes"${win64 ? ' Platform="x64"' : ''} />
    <Media Id="1" Cabinet="demo.cab" EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="${folder}">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Main" Guid="{0E7A3C62-5C1B-4E07-9D4A-7E50C1A9B002}"${win64 ? ' Win64="yes"' : ''}>
            <File Id="Tool" Name="${name}" Source="${source}" KeyPath="yes" />
            <File Id="Big" Name="data.bin" Source="data.bin" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="Main" /></Feature>
  </Product>
</Wix>
`;
}

interface Problem {
  file: string;
  ruleId: string;
  message: string;
  note?: string;
  help?: string;
  table?: string;
  key?: string;
}

function build(dir: string, arch: 'x86' | 'x64'): void {
  const result = spawnSync('wixl', ['-a', arch, '-o', 'demo.msi', 'Product.wxs'], { cwd: dir, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

function setUp(t: { after(fn: () => void): void }, wxs: string, payload: Uint8Array): string {
  const dir = tempTree(t, { 'Product.wxs': wxs });
  fs.mkdirSync(path.join(dir, 'bin', 'amd64'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bin', 'amd64', 'tool64.exe'), payload);
  // 300 KB that do not compress: the cabinet stream lies in regular sectors, read on demand, with the tool after it.
  const noise = new Uint8Array(300_000);
  for (let i = 0, x = 7; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  fs.writeFileSync(path.join(dir, 'data.bin'), noise);
  return dir;
}

/** A problem's headline, note and help in one text. */
function text(p: Problem): string {
  return [p.message, p.note, p.help].filter((s) => s !== undefined).join(' ');
}

async function problems(dir: string, input: string): Promise<Problem[]> {
  const run = await runWixlint(['--format', 'json', '--rule', 'isa-mixing=off', '--rule', 'ice80=off', input], dir);
  return (JSON.parse(run.stdout) as { problems: Problem[] }).problems;
}

describe('payload-isa on packages wixl builds', { skip: WIXL_MISSING }, () => {
  it('finds the x64 binary in the 32-bit component both in the sources and in the built package', async (t) => {
    const dir = setUp(t, product('tool32.exe', 'bin/amd64/tool64.exe', false), peImage({ machine: IMAGE_FILE_MACHINE_AMD64 }));
    build(dir, 'x86');
    const tail =
      '. A 32-bit component installs to the 32-bit folders and registry view, for 32-bit processes, which cannot load an x64 binary. ' +
      'Install it from a 64-bit component of the 64-bit package, and the x86 build of the file here.';
    assert.deepEqual(
      (await problems(dir, 'Product.wxs')).map((p) => `${p.ruleId} ${text(p)}`),
      [
        "payload-isa File 'Tool' installs the 64-bit 'tool64.exe' under the 32-bit name 'tool32.exe' It is in component 'Main'. What loads 'tool32.exe' by name expects the 32-bit build. Install the file built for the name, or name it for what it is.",
        `payload-isa File 'Tool' is an x64 binary but component 'Main' is 32-bit Read from bin/amd64/tool64.exe${tail}`,
      ],
    );
    const built = await problems(dir, 'demo.msi');
    assert.deepEqual(
      built.map((p) => `${p.table}/${p.key} ${p.ruleId} ${text(p)}`),
      [`File/Tool payload-isa File 'Tool' is an x64 binary but component 'Main' is 32-bit Read from Tool in the package's cabinet demo.cab${tail}`],
    );
  });

  it('keeps the x64 package with a 64-bit component clean, and reports an x86 binary put there under System64Folder', async (t) => {
    const dir = setUp(t, product('tool64.exe', 'bin/amd64/tool64.exe', true), peImage({ machine: IMAGE_FILE_MACHINE_AMD64 }));
    build(dir, 'x64');
    assert.deepEqual(await problems(dir, 'demo.msi'), []);
    assert.deepEqual(await problems(dir, 'Product.wxs'), []);

    const wrong = setUp(
      t,
      product('tool64.exe', 'bin/amd64/tool64.exe', true).replace('ProgramFiles64Folder', 'System64Folder'),
      peImage({ machine: IMAGE_FILE_MACHINE_I386 }),
    );
    build(wrong, 'x64');
    assert.deepEqual(
      (await problems(wrong, 'demo.msi')).map((p) => `${p.table}/${p.key} ${text(p)}`),
      [
        "File/Tool File 'Tool' is an x86 binary but installs to System64Folder, where 64-bit processes load it Read from Tool in " +
          "the package's cabinet demo.cab; it is in component 'Main'. 64-bit processes cannot load a 32-bit binary. Install the " +
          '64-bit build of the file there, or this one to SystemFolder from a 32-bit component.',
      ],
    );
  });
});
