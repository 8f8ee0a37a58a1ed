// Tests the bitness fixes for ice80 by the exact text they produce: Win64 (v3) and Bitness (v4), replaced or added.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/fixes';
import { fixAll, fixOne } from './apply';

const V3 = (component: string) => `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <DirectoryRef Id="INSTALLDIR">
      ${component}
    </DirectoryRef>
  </Fragment>
</Wix>
`;

const V4 = (component: string) => `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Fragment>
    <DirectoryRef Id="INSTALLDIR">
      ${component}
    </DirectoryRef>
  </Fragment>
</Wix>
`;

const TO_32 = { component: 'Core', directory: 'INSTALLDIR', folder: 'ProgramFilesFolder', bitness: 32 };
const TO_64 = { component: 'Core', directory: 'INSTALLDIR', folder: 'ProgramFiles64Folder', bitness: 64 };

describe('ice80 fix: set the bitness to match the directory', () => {
  it('v3: replaces the value of an existing Win64', () => {
    const fixed = fixOne('ice80', TO_32, { 'a.wxs': V3('<Component Id="Core" Guid="*" Win64="yes"><File Source="a.dll" /></Component>') });
    assert.deepEqual(fixed, {
      title: 'Set Win64="no" to match the 32-bit ProgramFilesFolder',
      files: { 'a.wxs': V3('<Component Id="Core" Guid="*" Win64="no"><File Source="a.dll" /></Component>') },
    });
  });

  it('v3: adds Win64 after the Id when absent', () => {
    const fixed = fixOne('ice80', TO_64, { 'a.wxs': V3('<Component Guid="*" Id="Core"><File Source="a.dll" /></Component>') });
    assert.deepEqual(fixed.files, { 'a.wxs': V3('<Component Guid="*" Id="Core" Win64="yes"><File Source="a.dll" /></Component>') });
    assert.equal(fixed.title, 'Set Win64="yes" to match the 64-bit ProgramFiles64Folder');
  });

  it('v4: replaces an existing Bitness, keeping its quotes', () => {
    const fixed = fixOne('ice80', TO_64, { 'a.wxs': V4("<Component Id='Core' Bitness='always32' />") });
    assert.deepEqual(fixed.files, { 'a.wxs': V4("<Component Id='Core' Bitness='always64' />") });
    assert.equal(fixed.title, 'Set Bitness="always64" to match the 64-bit ProgramFiles64Folder');
  });

  it('v4: adds Bitness after the Id when absent', () => {
    const fixed = fixOne('ice80', TO_32, { 'a.wxs': V4('<Component Id="Core" Guid="*" />') });
    assert.deepEqual(fixed.files, { 'a.wxs': V4('<Component Id="Core" Bitness="always32" Guid="*" />') });
  });

  it('v4: a File outside a Component is its own component: its Bitness is set, found by Id or by its Source file name', () => {
    const byId = fixOne(
      'ice80',
      { ...TO_32, component: 'Shell64' },
      { 'a.wxs': V4('<File Id="Shell64" Source="shell64.dll" Bitness="always64" />') },
    );
    assert.deepEqual(byId.files, { 'a.wxs': V4('<File Id="Shell64" Source="shell64.dll" Bitness="always32" />') });
    const bySource = fixOne('ice80', { ...TO_32, component: 'app.exe' }, { 'a.wxs': V4('<File Source="bin\\app.exe" />') });
    // Without an Id, right after the element name, as for a Component.
    assert.deepEqual(bySource.files, { 'a.wxs': V4('<File Bitness="always32" Source="bin\\app.exe" />') });
    // A File inside a Component is not one: the Component is.
    assert.deepEqual(
      fixAll('ice80', { ...TO_32, component: 'a.dll' }, { 'a.wxs': V4('<Component Id="Core"><File Source="a.dll" /></Component>') }),
      [],
    );
  });

  it('edits the first component with the Id, in the first document that has one; offsets are of the LF text', () => {
    const include =
      '<?xml version="1.0"?>\r\n<Include>\r\n  <Component Id="Core" Win64="yes" />\r\n  <Component Id="Core" Win64="yes" />\r\n</Include>\r\n';
    const fixed = fixOne('ice80', TO_32, { 'main.wxs': V3('<?include parts.wxi ?>'), 'parts.wxi': include });
    const lf = include.replace(/\r\n/g, '\n');
    assert.deepEqual(fixed.files, { 'parts.wxi': lf.replace('Win64="yes"', 'Win64="no"') });
  });

  it('takes the WiX version from the project when an include declares no namespace', () => {
    const include = '<Include>\n  <Component Id="Core" />\n</Include>\n';
    assert.deepEqual(fixOne('ice80', TO_32, { 'parts.wxi': include, 'main.wxs': V4('') }).files, {
      'parts.wxi': '<Include>\n  <Component Id="Core" Bitness="always32" />\n</Include>\n',
    });
  });

  it('offers nothing when the component is missing, already matches, or its bitness comes from a variable', () => {
    assert.deepEqual(fixAll('ice80', TO_32, { 'a.wxs': V3('<Component Id="Other" Win64="yes" />') }), []);
    assert.deepEqual(fixAll('ice80', TO_32, { 'a.wxs': V3('<Component Id="Core" Win64="no" />') }), []);
    assert.deepEqual(fixAll('ice80', TO_32, { 'a.wxs': V3('<Component Id="Core" Win64="$(var.Win64)" />') }), []);
    assert.deepEqual(fixAll('ice80', TO_32, { 'a.wxs': '<Wix><Broken' }), []);
    assert.deepEqual(fixAll('ice80', { component: 'Core', bitness: 16 }, { 'a.wxs': V3('<Component Id="Core" />') }), []);
    assert.deepEqual(fixAll('ice80', 'nonsense', { 'a.wxs': V3('<Component Id="Core" />') }), []);
  });
});

describe('ice80 fix: make a 64-bit component of a 32-bit package 32-bit', () => {
  it('v3 and v4', () => {
    const data = { component: 'Core', bitness: 32 };
    assert.deepEqual(fixOne('ice80', data, { 'a.wxs': V3('<Component Id="Core" Win64="yes" />') }), {
      title: `Make 'Core' 32-bit (Win64="no")`,
      files: { 'a.wxs': V3('<Component Id="Core" Win64="no" />') },
    });
    assert.deepEqual(fixOne('ice80', data, { 'a.wxs': V4('<Component Id="Core" Bitness="always64" />') }), {
      title: `Make 'Core' 32-bit (Bitness="always32")`,
      files: { 'a.wxs': V4('<Component Id="Core" Bitness="always32" />') },
    });
  });
});

describe('applyEdits', () => {
  it('applies edits in offset order and refuses overlaps', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 5, newText: 'E' },
        { start: 0, end: 0, newText: '>' },
        { start: 1, end: 3, newText: '' },
      ]),
      '>adEf',
    );
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { start: 0, end: 3, newText: '' },
          { start: 2, end: 4, newText: '' },
        ]),
      RangeError,
    );
  });
});
