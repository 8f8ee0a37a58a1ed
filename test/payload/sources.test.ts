// How the paths of payloads are put together: folderJoins must make exactly what path.join makes, folder cached or not.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { folderJoins } from '../../server/src/payload/sources';

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
