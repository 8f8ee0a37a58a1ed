// Registry locations: scope, case and backslashes, redirection on 64-bit Windows, and the grouping hash.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RegistryRoot, type RegistryValue } from '../../server/src/model/installer';
import { displayLocation, locationHash, locationId, resolveLocation, sharedOn64BitWindows } from '../../server/src/model/registry';

const LOC = { kind: 'source' as const, file: 'a.wxs', start: 0, end: 0 };
function write(root: RegistryRoot, key: string, name?: string): RegistryValue {
  return { component: 'C', root, key, name, value: undefined, location: LOC, registration: LOC };
}

describe('registry locations', () => {
  it('puts HKCR under HKLM per machine and HKCU per user, and HKMU likewise', () => {
    const hkcr = write(RegistryRoot.ClassesRoot, 'CLSID\\{A}\\InprocServer32');
    assert.deepEqual(resolveLocation(hkcr, true), { hive: 'HKLM', key: 'software\\classes\\clsid\\{a}\\inprocserver32', name: '' });
    assert.deepEqual(resolveLocation(hkcr, false), { hive: 'HKCU', key: 'software\\classes\\clsid\\{a}\\inprocserver32', name: '' });
    assert.equal(resolveLocation(hkcr, undefined).hive, 'HKCR');
    assert.equal(resolveLocation(write(RegistryRoot.UserOrMachine, 'Software\\X'), true).hive, 'HKLM');
    assert.equal(resolveLocation(write(RegistryRoot.UserOrMachine, 'Software\\X'), false).hive, 'HKCU');
  });

  it('compares keys case-insensitively, ignoring leading, trailing and doubled backslashes', () => {
    const a = write(RegistryRoot.ClassesRoot, '\\CLSID\\\\{ABC}\\', 'ThreadingModel');
    const b = write(RegistryRoot.LocalMachine, 'SOFTWARE\\Classes\\clsid\\{abc}', 'threadingmodel');
    assert.equal(locationId(resolveLocation(a, true)), locationId(resolveLocation(b, true)));
    assert.equal(locationHash(a, true), locationHash(b, true));
    assert.notEqual(locationId(resolveLocation(a, false)), locationId(resolveLocation(b, false)));
    assert.equal(displayLocation(a), "HKCR\\CLSID\\{ABC} (value 'ThreadingModel')");
  });

  it('hashes differently what lands in different places', () => {
    const keys = ['CLSID\\{A}', 'CLSID\\{B}', 'CLSID\\{A}\\InprocServer32', 'Interface\\{A}', '.txt', 'Contoso.Doc'];
    const hashes = new Set(keys.map((k) => locationHash(write(RegistryRoot.ClassesRoot, k), true)));
    assert.equal(hashes.size, keys.length);
    assert.notEqual(locationHash(write(RegistryRoot.ClassesRoot, 'X', 'a'), true), locationHash(write(RegistryRoot.ClassesRoot, 'X', 'b'), true));
  });

  it('knows which keys 64-bit Windows keeps apart for 32- and 64-bit writers', () => {
    const shared = (root: RegistryRoot, key: string) => sharedOn64BitWindows(resolveLocation(write(root, key), true));
    assert.equal(shared(RegistryRoot.ClassesRoot, 'CLSID\\{A}\\InprocServer32'), false);
    assert.equal(shared(RegistryRoot.ClassesRoot, 'Interface\\{A}'), false);
    assert.equal(shared(RegistryRoot.ClassesRoot, 'Contoso.ShellExt\\CLSID'), true);
    assert.equal(shared(RegistryRoot.ClassesRoot, 'TypeLib\\{L}\\1.0'), true);
    assert.equal(shared(RegistryRoot.ClassesRoot, 'AppID\\{A}'), true);
    assert.equal(shared(RegistryRoot.ClassesRoot, '.txt'), true);
    assert.equal(shared(RegistryRoot.LocalMachine, 'SOFTWARE\\Contoso'), false);
    assert.equal(shared(RegistryRoot.CurrentUser, 'Software\\Contoso'), true);
  });
});
