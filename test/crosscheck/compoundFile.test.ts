// The compound-file reader on real MSIs built by wixl, against msiinfo and the cfb package: streams, cabinet bytes.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { bytesSource } from '../../server/src/msi/byteSource';
import { openCompoundFile } from '../../server/src/msi/compoundFile';
import { decodeStreamName } from '../../server/src/msi/streamNames';
import { MSI_CLSID, pattern, readWithCfb } from '../msi/cfbHelpers';
import { missing } from '../tools';

const open = (bytes: Uint8Array) => openCompoundFile(bytesSource(bytes));

describe('real MSIs built by wixl', () => {
  let dir: string | undefined;
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the same streams as msiinfo and reads the cabinet as msiinfo extracts it', { skip: missing('wixl', 'msiinfo') }, () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-cfb-'));
    fs.writeFileSync(path.join(dir, 'small.txt'), 'hello\n');
    fs.writeFileSync(path.join(dir, 'noise.bin'), pattern(30_000, 9)); // incompressible, so the cabinet exceeds the mini stream cutoff
    fs.writeFileSync(
      path.join(dir, 'x.wxs'),
      `<?xml version="1.0"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Tiny" Language="1033" Version="1.0.0" Manufacturer="wixlint" UpgradeCode="12345678-1234-1234-1234-123456789012">
    <Package InstallerVersion="200" Compressed="yes" />
    <Media Id="1" Cabinet="tiny.cab" EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Tiny">
          <Component Id="C1" Guid="11111111-2222-3333-4444-555555555555">
            <File Id="F1" Source="small.txt" />
            <File Id="F2" Source="noise.bin" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1"><ComponentRef Id="C1" /></Feature>
  </Product>
</Wix>
`,
    );
    const msiPath = path.join(dir, 'x.msi');
    execFileSync('wixl', ['-o', msiPath, path.join(dir, 'x.wxs')], { cwd: dir, stdio: 'pipe' });
    const bytes = new Uint8Array(fs.readFileSync(msiPath));
    const file = open(bytes);
    assert.equal(file.rootClsid, MSI_CLSID);

    const decoded = file.streams().map((s) => ({ ...decodeStreamName(s.name), raw: s.name, size: s.size }));
    // msiinfo lists the non-table streams, decoded.
    const theirs = execFileSync('msiinfo', ['streams', msiPath], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '');
    assert.deepEqual(
      decoded
        .filter((d) => !d.isTable)
        .map((d) => d.name)
        .sort(),
      theirs.sort(),
    );
    // Every table with rows has a stream; the string pool and catalog streams are tables msiinfo does not list.
    const tables = new Set(execFileSync('msiinfo', ['tables', msiPath], { encoding: 'utf8' }).split('\n'));
    const tableStreams = decoded.filter((d) => d.isTable).map((d) => d.name);
    assert.ok(tableStreams.includes('_StringPool') && tableStreams.includes('_StringData') && tableStreams.includes('File'));
    for (const name of tableStreams) assert.ok(tables.has(name) || name.startsWith('_'), `${name} is not a table msiinfo knows`);

    const cab = decoded.find((d) => d.name === 'tiny.cab')!;
    assert.ok(cab.size >= 4096, `the cabinet should be a regular stream, it is ${cab.size} bytes`);
    const extracted = execFileSync('msiinfo', ['extract', msiPath, 'tiny.cab']);
    assert.deepEqual(Buffer.from(file.readStream(cab.raw)!), extracted);
    // Cross-check every stream, mini and regular, against the cfb package.
    const independent = readWithCfb(bytes);
    for (const { raw } of decoded) assert.deepEqual(file.readStream(raw), independent.get(raw), JSON.stringify(raw));
  });
});
