// Paths as WiX sources write them: either separator, on any system.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { baseName, folderOf } from '../../server/src/model/windowsPaths';

describe('baseName and folderOf', () => {
  it('cut a path at its last separator, backslash or slash, into the folder (with the separator) and the name', () => {
    const cases: [path: string, folder: string, name: string][] = [
      ['..\\build\\Release\\lib1.dll', '..\\build\\Release\\', 'lib1.dll'],
      ['out/x64\\core.dll', 'out/x64\\', 'core.dll'],
      ['out\\x64/core.dll', 'out\\x64/', 'core.dll'],
      ['core.dll', '', 'core.dll'],
      ['bin\\', 'bin\\', ''],
      ['', '', ''],
      ['/abs/Product.wxs', '/abs/', 'Product.wxs'],
    ];
    assert.deepEqual(
      cases.map(([p]) => [p, folderOf(p), baseName(p)]),
      cases,
    );
  });
});
