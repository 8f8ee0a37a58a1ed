// How payloads are found: folderJoins must make exactly what path.join makes, folder cached or not; the files of a
// folder the build output does not have are not looked for one by one.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintSources } from '../../server/src/engine/lint';
import { folderJoins, type PayloadHost, type PayloadMemo } from '../../server/src/payload/sources';
import { IMAGE_FILE_MACHINE_AMD64, peImage } from './peImage';

describe('folderJoins', () => {
  it('joins as path.join does, for plain names, dot segments, trailing and repeated separators, and the root', () => {
    const bases = ['/project', '/project/src/', '/', '/a/b/../c'];
    const relatives = [
      'lib.dll',
      'bin/Release/lib.dll',
      '../build/Release/group0/module3/lib12.dll',
      './x/./y/lib.dll',
      'x//y///lib.dll',
      'x/y/',
      'x/..',
      'x/.',
      '..',
      '.',
      '',
      '../../../../../../lib.dll',
      'a b/c d.dll',
    ];
    const join = folderJoins();
    // Twice, so that the second round comes from the cache of folders.
    for (let round = 0; round < 2; round++) {
      for (const base of bases) {
        for (const relative of relatives) assert.equal(join(base, relative), path.join(base, relative), `${base} + ${relative} (round ${round})`);
      }
    }
  });
});

describe('SourcePayloads and absent folders', () => {
  const PRODUCT = `<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="P" Language="1033" Version="1.0.0" Manufacturer="M" UpgradeCode="{6A1C4E92-3B0D-4F7A-9E21-5C8D7B3F0A14}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="P">
          <Component Id="A" Guid="*"><File Id="X" Source="out\\a\\x.dll" /><File Id="Y" Source="out\\a\\y.dll" /></Component>
          <Component Id="B" Guid="*"><File Id="Z" Source="out\\b\\z.dll" /></Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="F"><ComponentRef Id="A" /><ComponentRef Id="B" /></Feature>
  </Product>
</Wix>`;
  const X64_DLL = peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true });

  /** A host of one built folder, /p/out/b; /p/out/a, and the bind path's folders, are absent. What it is asked is kept. */
  function host(asked: string[]): PayloadHost {
    return {
      readHead: (file, length) => {
        asked.push(file);
        return file === '/p/out/b/z.dll' ? X64_DLL.subarray(0, length) : undefined;
      },
      stamp: (file) => (file === '/p/out/b/z.dll' ? 'z1' : file === '/p/out/b' ? 'b1' : undefined),
      folderAbsent: (dir) => dir !== '/p/out/b' && dir !== '/p/out' && dir !== '/p',
    };
  }

  function lint(reportMissing: boolean, asked: string[], memo?: PayloadMemo) {
    return lintSources([{ path: '/p/Product.wxs', text: PRODUCT }], {
      platforms: ['x86', 'x64'],
      defines: {},
      includePaths: [],
      env: {},
      severities: {},
      bindPaths: [{ name: undefined, path: '/bind' }],
      host: { readFile: () => undefined },
      payloads: { host: host(asked), reportMissing, ...(memo ? { memo } : {}) },
    });
  }

  it('reads the files of a folder that is there, and looks for none in a folder no place of the binder has', () => {
    const asked: string[] = [];
    const result = lint(false, asked, new Map());
    // Once for both platforms, and only the file whose folder is there.
    assert.deepEqual(asked, ['/p/out/b/z.dll']);
    assert.deepEqual(
      result.problems.filter((p) => p.ruleId === 'payload-isa').map((p) => [p.location.kind === 'source' && p.location.start, p.platforms]),
      [[PRODUCT.indexOf('Source="out\\b'), ['x86']]],
    );
    // What a cache watches: the file read, and the absent folders (every place the binder would look) for their files.
    assert.deepEqual([...result.payloads].sort(), [
      ['/bind/out/a', undefined],
      ['/p/out/a', undefined],
      ['/p/out/b/z.dll', 'z1'],
    ]);
  });

  it('still looks for each file, and says where, when missing payloads are to be reported', () => {
    const asked: string[] = [];
    const result = lint(true, asked);
    assert.deepEqual(asked, ['/p/out/a/x.dll', '/bind/out/a/x.dll', '/p/out/a/y.dll', '/bind/out/a/y.dll', '/p/out/b/z.dll']);
    assert.equal(result.problems.filter((p) => p.ruleId === 'payload-isa' && p.severity === 'info').length, 2);
  });
});
