// Tests the com-overwrite fix by the exact text it produces: VersionNT64 / NOT VersionNT64 conditions, added or wrapped, v3 and v4.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, fixOne } from './apply';

const V3 = (body: string) => `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <DirectoryRef Id="INSTALLDIR">
${body}
    </DirectoryRef>
  </Fragment>
</Wix>
`;

const V4 = (body: string) => `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Fragment>
    <DirectoryRef Id="INSTALLDIR">
${body}
    </DirectoryRef>
  </Fragment>
</Wix>
`;

const KEY = 'HKCR\\CLSID\\{B09BAAE7-5C1A-4F64-9E3D-2A7C51F0D8A4}\\InprocServer32';
const DATA = { components: ['Shell32', 'Shell64'], key: KEY };
const TITLE = "Guard 'Shell64' with VersionNT64 and 'Shell32' with NOT VersionNT64";

describe('com-overwrite fix: guard with VersionNT64 / NOT VersionNT64', () => {
  it('v3: adds a Condition as the first child, indented like the next child', () => {
    const before = V3(`      <Component Id="Shell32" Guid="*" Win64="no">
        <File Source="s32.dll" />
      </Component>
      <Component Id="Shell64" Guid="*" Win64="yes">
        <File Source="s64.dll" />
      </Component>`);
    assert.deepEqual(fixOne('com-overwrite', DATA, { 'a.wxs': before }), {
      title: TITLE,
      files: {
        'a.wxs': V3(`      <Component Id="Shell32" Guid="*" Win64="no">
        <Condition>NOT VersionNT64</Condition>
        <File Source="s32.dll" />
      </Component>
      <Component Id="Shell64" Guid="*" Win64="yes">
        <Condition>VersionNT64</Condition>
        <File Source="s64.dll" />
      </Component>`),
      },
    });
  });

  it("v3: a child on the start tag's line gets the Condition on that line", () => {
    const before = V3(`      <Component Id="Shell32" Win64="no"><File Source="s32.dll" /></Component>
      <Component Id="Shell64" Win64="yes"><File Source="s64.dll" /></Component>`);
    assert.deepEqual(fixOne('com-overwrite', DATA, { 'a.wxs': before }).files, {
      'a.wxs': V3(`      <Component Id="Shell32" Win64="no"><Condition>NOT VersionNT64</Condition><File Source="s32.dll" /></Component>
      <Component Id="Shell64" Win64="yes"><Condition>VersionNT64</Condition><File Source="s64.dll" /></Component>`),
    });
  });

  it('v3: expands a self-closing component, and fills an empty one', () => {
    const before = V3(`      <Component Id="Shell32" Win64="no" />
      <Component Id="Shell64" Win64="yes">
      </Component>`);
    assert.deepEqual(fixOne('com-overwrite', DATA, { 'a.wxs': before }).files, {
      'a.wxs': V3(`      <Component Id="Shell32" Win64="no">
        <Condition>NOT VersionNT64</Condition>
      </Component>
      <Component Id="Shell64" Win64="yes">
        <Condition>VersionNT64</Condition>
      </Component>`),
    });
  });

  it('v3: wraps an existing condition, inside CDATA too, and keeps a prefix', () => {
    const before = `<w:Wix xmlns:w="http://schemas.microsoft.com/wix/2006/wi"><w:Fragment>
\t<w:Component Id="Shell32" Win64="no">
\t\t<w:Condition> Installed OR PROP &lt; 2 </w:Condition>
\t</w:Component>
\t<w:Component Id="Shell64" Win64="yes">
\t\t<w:Condition><![CDATA[VersionNT >= 601]]></w:Condition>
\t</w:Component>
\t<w:Component Id="Other" Win64="no" />
</w:Fragment></w:Wix>
`;
    assert.deepEqual(fixOne('com-overwrite', DATA, { 'a.wxs': before }).files, {
      'a.wxs': before
        .replace(' Installed OR PROP &lt; 2 ', ' (Installed OR PROP &lt; 2) AND NOT VersionNT64 ')
        .replace('VersionNT >= 601', '(VersionNT >= 601) AND VersionNT64'),
    });
    const selfClosing = before
      .replace(/\t\t<w:Condition>.*<\/w:Condition>\n/g, '')
      .replace(/(Id="Shell(32|64)" Win64="\w+")>\n\t<\/w:Component>/g, '$1 />');
    assert.deepEqual(fixOne('com-overwrite', DATA, { 'a.wxs': selfClosing }).files, {
      'a.wxs': before.replace(' Installed OR PROP &lt; 2 ', 'NOT VersionNT64').replace('<![CDATA[VersionNT >= 601]]>', 'VersionNT64'),
    });
  });

  it('v4: sets the Condition attribute after the Id, or wraps the existing one', () => {
    const before = V4(`      <Component Id="Shell32" Bitness="always32" Guid="*" />
      <Component Id="Shell64" Bitness="always64" Condition="VersionNT &gt;= 601" />`);
    assert.deepEqual(fixOne('com-overwrite', DATA, { 'a.wxs': before }).files, {
      'a.wxs': V4(`      <Component Id="Shell32" Condition="NOT VersionNT64" Bitness="always32" Guid="*" />
      <Component Id="Shell64" Bitness="always64" Condition="(VersionNT &gt;= 601) AND VersionNT64" />`),
    });
  });

  it('edits both files when the components live in different ones, telling bitness from the one that states it', () => {
    const mine = V4('      <Component Id="Shell32" Bitness="always32" />');
    const theirs = V4('      <Component Id="Shell64" />');
    assert.deepEqual(fixOne('com-overwrite', DATA, { 'a.wxs': mine, 'b.wxs': theirs }), {
      title: TITLE,
      files: {
        'a.wxs': V4('      <Component Id="Shell32" Condition="NOT VersionNT64" Bitness="always32" />'),
        'b.wxs': V4('      <Component Id="Shell64" Condition="VersionNT64" />'),
      },
    });
  });

  it('leaves a component already guarded alone', () => {
    const before = V4(`      <Component Id="Shell32" Bitness="always32" />
      <Component Id="Shell64" Bitness="always64" Condition="VersionNT64" />`);
    assert.deepEqual(fixOne('com-overwrite', DATA, { 'a.wxs': before }).files, {
      'a.wxs': V4(`      <Component Id="Shell32" Condition="NOT VersionNT64" Bitness="always32" />
      <Component Id="Shell64" Bitness="always64" Condition="VersionNT64" />`),
    });
  });

  it('offers nothing when a component is missing or the bitness of neither is stated', () => {
    assert.deepEqual(fixAll('com-overwrite', DATA, { 'a.wxs': V4('      <Component Id="Shell32" Bitness="always32" />') }), []);
    assert.deepEqual(fixAll('com-overwrite', DATA, { 'a.wxs': V4('      <Component Id="Shell32" />\n      <Component Id="Shell64" />') }), []);
    assert.deepEqual(
      fixAll('com-overwrite', DATA, {
        'a.wxs': V4('      <Component Id="Shell32" Bitness="always64" />\n      <Component Id="Shell64" Bitness="always64" />'),
      }),
      [],
    );
    assert.deepEqual(fixAll('com-overwrite', { components: ['Shell32'] }, { 'a.wxs': V4('') }), []);
  });
});
