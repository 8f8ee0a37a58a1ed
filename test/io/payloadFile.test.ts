// Payloads and packages on disk as the edges read them: the first bytes of regular files only, found in another case as
// Windows finds them, stamped by size and modification time; cabinets beside a package, within its folder only.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { it } from 'node:test';
import { cabinetsBeside, nodePackageHost } from '../../server/src/io/packageFile';
import { overlayModule } from '../msi/modules';
import { nodePayloadHost } from '../../server/src/io/payloadFile';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-payload-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

it('reads at most the asked bytes of a file, in any case of its name, and nothing of what is absent', { skip: process.platform === 'win32' }, (t) => {
  const dir = tempDir(t);
  fs.mkdirSync(path.join(dir, 'Bin', 'AMD64'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Bin', 'AMD64', 'Tool.dll'), 'MZ0123456789');
  const host = nodePayloadHost();
  assert.equal(Buffer.from(host.readHead(path.join(dir, 'bin', 'amd64', 'tool.dll'), 4) as Uint8Array).toString(), 'MZ01');
  assert.equal(Buffer.from(host.readHead(path.join(dir, 'Bin', 'AMD64', 'Tool.dll'), 64) as Uint8Array).toString(), 'MZ0123456789');
  assert.equal(host.readHead(path.join(dir, 'bin', 'gone.dll'), 64), undefined);
  assert.equal(host.stamp?.(path.join(dir, 'bin', 'gone.dll')), undefined);
});

it('stamps a file by size and modification time, so that a changed payload is read again', (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'a.dll');
  fs.writeFileSync(file, 'MZ');
  const host = nodePayloadHost();
  const before = host.stamp?.(file);
  assert.ok(before);
  fs.writeFileSync(file, 'MZ and more');
  assert.notEqual(host.stamp?.(file), before);
});

it('refuses what is not a regular file without blocking: a folder, a device, a FIFO', { skip: process.platform === 'win32' }, (t) => {
  const dir = tempDir(t);
  const fifo = path.join(dir, 'pipe.dll');
  execFileSync('mkfifo', [fifo]);
  const host = nodePayloadHost();
  assert.deepEqual(host.readHead(dir, 64), { unreadable: 'it is a folder' });
  assert.deepEqual(host.readHead('/dev/zero', 64), { unreadable: 'it is a device, not a file' });
  assert.deepEqual(host.readHead(fifo, 64), { unreadable: 'it is a named pipe (FIFO), not a file' });
});

it('opens a cabinet beside a package, never one named with a path', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'disk1.cab'), 'MSCF');
  fs.writeFileSync(path.join(path.dirname(dir), 'outside.cab'), 'MSCF');
  t.after(() => fs.rmSync(path.join(path.dirname(dir), 'outside.cab'), { force: true }));
  const open = cabinetsBeside(path.join(dir, 'demo.msi'));
  const cab = open('disk1.cab');
  assert.ok(cab && 'read' in cab);
  assert.equal(Buffer.from(cab.read(0, 4)).toString(), 'MSCF');
  cab.close?.();
  assert.equal(open('../outside.cab'), undefined);
  assert.equal(open('missing.cab'), undefined);
});

it('reads a package named in another case, as TortoiseGit names its ARM64 overlay module', { skip: process.platform === 'win32' }, (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'Overlays-ARM64.msm'), overlayModule(64));
  const read = nodePackageHost().readPackage(path.join(dir, 'Overlays-arm64.msm'));
  assert.ok(read && !('unreadable' in read), JSON.stringify(read));
  assert.equal(read.package?.platform?.token, 'x64');
  assert.equal(nodePackageHost().readPackage(path.join(dir, 'Missing.msm')), undefined);
  fs.writeFileSync(path.join(dir, 'Broken.msm'), 'not a package');
  assert.deepEqual(nodePackageHost().readPackage(path.join(dir, 'Broken.msm')), {
    unreadable: 'The file is not an OLE compound file (it does not start with the signature D0 CF 11 E0 A1 B1 1A E1), so it is not an MSI package.',
  });
});
