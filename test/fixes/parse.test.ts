// The fixes read documents through the parse function they are given: the language server passes one that keeps
// unchanged trees, so each document is parsed once per request, whatever the fixes and refactors offered.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { quickFixesFor, refactorsFor } from './apply';
import { parseXml, type XmlDocument } from '../../server/src/wix/xml';
import { v3 } from '../ruleTester';

const PRODUCT = v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Core" Guid="*" Win64="yes"><File Source="app.exe" /></Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><ComponentRef Id="Core" /></Feature>`);

function counting(): { parse: (file: string, text: string) => XmlDocument; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    parse: (file, text) => {
      calls.push(file);
      return parseXml(file, text);
    },
  };
}

describe('the parse function fixes are given', () => {
  it('reads each document once for all the quick fixes of a problem (the bitness fix and the folder move)', () => {
    const { parse, calls } = counting();
    const documents = [
      { file: '/p/Product.wxs', text: PRODUCT },
      { file: '/p/Other.wxs', text: '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Fragment /></Wix>' },
    ];
    // The x64 build's ice80 on Core: 64-bit under the 32-bit ProgramFilesFolder.
    const data = { component: 'Core', directory: 'INSTALLDIR', folder: 'ProgramFilesFolder', bitness: 32, packageBitness: 64 };
    const fixes = quickFixesFor('ice80', data, documents, parse);
    assert.deepEqual(fixes, quickFixesFor('ice80', data, documents));
    assert.equal(fixes.length, 2);
    assert.deepEqual(calls, ['/p/Product.wxs', '/p/Other.wxs']);
  });

  it('is used by the refactors too', () => {
    const { parse, calls } = counting();
    const refactors = refactorsFor(
      'isa-mixing',
      { components: ['Core'], customActions: [], registrySearches: [] },
      [{ file: '/p/Product.wxs', text: PRODUCT }],
      { parse },
    );
    assert.ok(refactors.length > 0);
    assert.ok(calls.length > 0 && calls.every((f) => f === '/p/Product.wxs'), JSON.stringify(calls));
  });
});
