// COM authoring lowered to the registry writes WiX (or, advertised, Windows Installer) makes: exact keys, names, values.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RegistryRoot, type Location, type SourceLocation } from '../../server/src/model/installer';
import type { Bitness } from '../../server/src/model/platform';
import { comWrites, isComElement, type ComHost, type ComWrite } from '../../server/src/wix/com';
import { attributeValueOf, parseXml, type XmlElement } from '../../server/src/wix/xml';

const V3 = 'http://schemas.microsoft.com/wix/2006/wi';
const V4 = 'http://wixtoolset.org/schemas/v4/wxs';

const CLSID = '{B09B3A8C-0000-4A3E-9C1F-0123456789AB}';
const SERVER_CLSID = '{5C1E2D3F-4A5B-4C6D-8E7F-90A1B2C3D4E5}';
const IID = '{0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9}';
const LIBID = '{11223344-5566-4778-899A-BBCCDDEEFF00}';
const APPID = '{A1B2C3D4-E5F6-4789-9ABC-DEF012345678}';
const PSOAINTERFACE = '{00020424-0000-0000-C000-000000000046}';
const IUNKNOWN = '{00000000-0000-0000-C000-000000000046}';
const CATID_SAFE_FOR_SCRIPTING = '{7DD95801-9882-11CF-9FA9-00AA006C42C4}';

type Row = [RegistryRoot, string, string | undefined, string | undefined];

const host: ComHost = {
  attr: (el, name) => attributeValueOf(el, name),
  children: (el) => el.children.filter((c): c is XmlElement => c.type === 'element' && c.ns === el.ns),
  location: (el) => ({ kind: 'source', file: el.file, start: el.start + 1, end: el.nameEnd }),
};

/** A key as WiX writes it, from its parts. */
function sourceOf(l: Location): SourceLocation {
  assert.equal(l.kind, 'source');
  return l as SourceLocation;
}

function k(...parts: string[]): string {
  return parts.join('\\');
}

function hkcr(key: string, name: string | undefined, value: string | undefined): Row {
  return [RegistryRoot.ClassesRoot, key, name, value];
}

/** The first element named `local`, depth first. */
function find(el: XmlElement, local: string): XmlElement | undefined {
  if (el.local === local) return el;
  for (const c of el.children) {
    if (c.type !== 'element') continue;
    const found = find(c, local);
    if (found) return found;
  }
  return undefined;
}

/** Parses a fragment of component content and lowers its first `local` element. */
function lower(
  body: string,
  local: string,
  opts: { bitness?: Bitness; fileId?: string; version?: 3 | 4 } = {},
): { writes: ComWrite[]; text: string } {
  const version = opts.version ?? 3;
  const text = `<Wix xmlns="${version === 3 ? V3 : V4}"><Fragment><Component Id="Com">${body}</Component></Fragment></Wix>`;
  const doc = parseXml('com.wxs', text);
  assert.deepEqual(doc.errors, []);
  const el = find(doc.root!, local);
  assert.ok(el, `no <${local}>`);
  const registration = host.location(el);
  return { writes: comWrites(el, host, { bitness: opts.bitness ?? 32, fileId: opts.fileId, version, component: 'C', registration }), text };
}

function rows(writes: ComWrite[]): Row[] {
  return writes.map((w) => [w.root, w.key, w.name, w.value]);
}

const SHELL_CLASS = (advertise: string) => `
  <File Id="ShellExt64Dll" Source="ShellExt64.dll" KeyPath="yes">
    <Class Id="b09b3a8c-0000-4a3e-9c1f-0123456789ab" Context="InprocServer32" ThreadingModel="apartment"
           Description="Contoso Shell Extension"${advertise}>
      <ProgId Id="Contoso.ShellExt.1" Description="Contoso Shell Extension 1">
        <ProgId Id="Contoso.ShellExt" />
      </ProgId>
    </Class>
  </File>`;

describe('comWrites: Class', () => {
  it('writes a v3 in-process server, its ProgId and version-independent ProgId, as candle does', () => {
    const { writes, text } = lower(SHELL_CLASS(''), 'Class', { bitness: 64, fileId: 'ShellExt64Dll' });
    assert.deepEqual(rows(writes), [
      // The nested ProgIds come first (WiX parses children before the class's own rows), the inner one first of all.
      hkcr('Contoso.ShellExt', undefined, 'Contoso Shell Extension 1'),
      hkcr(k('Contoso.ShellExt', 'CLSID'), undefined, CLSID),
      hkcr(k('CLSID', CLSID, 'VersionIndependentProgID'), undefined, 'Contoso.ShellExt'),
      hkcr(k('Contoso.ShellExt', 'CurVer'), undefined, 'Contoso.ShellExt.1'),
      hkcr('Contoso.ShellExt.1', undefined, 'Contoso Shell Extension 1'),
      hkcr(k('Contoso.ShellExt.1', 'CLSID'), undefined, CLSID),
      hkcr(k('CLSID', CLSID, 'ProgID'), undefined, 'Contoso.ShellExt.1'),
      hkcr(k('CLSID', CLSID, 'InprocServer32'), undefined, '[#ShellExt64Dll]'),
      hkcr(k('CLSID', CLSID), undefined, 'Contoso Shell Extension'),
      hkcr(k('CLSID', CLSID, 'InprocServer32'), 'ThreadingModel', 'Apartment'),
    ]);
    // Each write points at the name of the element it comes from.
    const progIdWrite = sourceOf(writes[0]!.location);
    assert.equal(text.slice(progIdWrite.start, progIdWrite.end), 'ProgId');
    const classWrite = sourceOf(writes[7]!.location);
    assert.equal(text.slice(classWrite.start, classWrite.end), 'Class');
    assert.equal(text.slice(classWrite.start - 1, classWrite.start + 10), '<Class Id="');
  });

  it('quotes a local server and appends its Argument', () => {
    const body = `<Class Id="{5c1e2d3f-4a5b-4c6d-8e7f-90a1b2c3d4e5}" Context="LocalServer32" Server="ContosoExe"
                         Argument="/automation" Description="Contoso App" />`;
    assert.deepEqual(rows(lower(body, 'Class').writes), [
      hkcr(k('CLSID', SERVER_CLSID, 'LocalServer32'), undefined, '"[#ContosoExe]" /automation'),
      hkcr(k('CLSID', SERVER_CLSID), undefined, 'Contoso App'),
    ]);
  });

  it('gives an advertised class the keys Windows Installer writes from the Class and ProgId tables', () => {
    const { writes } = lower(SHELL_CLASS(' Advertise="yes"'), 'Class', { bitness: 64, fileId: 'ShellExt64Dll' });
    assert.deepEqual(rows(writes), [
      hkcr('Contoso.ShellExt', undefined, 'Contoso Shell Extension 1'),
      // The version-independent ProgId has no class of its own; the installer reaches it through the parent.
      hkcr(k('Contoso.ShellExt', 'CLSID'), undefined, CLSID),
      hkcr(k('Contoso.ShellExt', 'CurVer'), undefined, 'Contoso.ShellExt.1'),
      hkcr('Contoso.ShellExt.1', undefined, 'Contoso Shell Extension 1'),
      hkcr(k('Contoso.ShellExt.1', 'CLSID'), undefined, CLSID),
      hkcr(k('CLSID', CLSID, 'InprocServer32'), undefined, '[#ShellExt64Dll]'),
      hkcr(k('CLSID', CLSID), undefined, 'Contoso Shell Extension'),
      hkcr(k('CLSID', CLSID, 'ProgID'), undefined, 'Contoso.ShellExt.1'),
      hkcr(k('CLSID', CLSID, 'VersionIndependentProgID'), undefined, 'Contoso.ShellExt'),
      // ThreadingModel has no Class table column: WiX writes it to the Registry table either way.
      hkcr(k('CLSID', CLSID, 'InprocServer32'), 'ThreadingModel', 'Apartment'),
    ]);
    // Advertised or not, the same keys end up in the registry.
    const unadvertised = rows(lower(SHELL_CLASS(''), 'Class', { bitness: 64, fileId: 'ShellExt64Dll' }).writes);
    const byKey = (a: Row, b: Row) => `${a[1]}|${a[2]}`.localeCompare(`${b[1]}|${b[2]}`);
    assert.deepEqual([...rows(writes)].sort(byKey), [...unadvertised].sort(byKey));
  });

  it('writes the v4 DefaultIcon under the CLSID key and names the 16-bit handler ole2.dll', () => {
    const body = `
      <File Id="ShellExt64Dll" Source="ShellExt64.dll">
        <Class Id="${CLSID}" Context="InprocServer32" Icon="ShellExt64Dll" IconIndex="0" Handler="1" SafeForScripting="yes" />
      </File>`;
    assert.deepEqual(rows(lower(body, 'Class', { bitness: 64, fileId: 'ShellExt64Dll', version: 4 }).writes), [
      hkcr(k('CLSID', CLSID, 'InprocServer32'), undefined, '[#ShellExt64Dll]'),
      hkcr(k('CLSID', CLSID, 'DefaultIcon'), undefined, '"[#ShellExt64Dll]",0'),
      hkcr(k('CLSID', CLSID, 'InprocHandler'), undefined, 'ole2.dll'),
      hkcr(k('CLSID', CLSID, 'Implemented Categories', CATID_SAFE_FOR_SCRIPTING), '*', undefined),
    ]);
    // v3 puts DefaultIcon under the context key and calls the handler ole.dll.
    assert.deepEqual(rows(lower(body, 'Class', { bitness: 64, fileId: 'ShellExt64Dll', version: 3 }).writes), [
      hkcr(k('CLSID', CLSID, 'InprocServer32'), undefined, '[#ShellExt64Dll]'),
      hkcr(k('CLSID', CLSID, 'InprocServer32', 'DefaultIcon'), undefined, '"[#ShellExt64Dll]",0'),
      hkcr(k('CLSID', CLSID, 'InprocHandler'), undefined, 'ole.dll'),
      hkcr(k('CLSID', CLSID, 'Implemented Categories', CATID_SAFE_FOR_SCRIPTING), '*', undefined),
    ]);
  });
});

describe('comWrites: Interface', () => {
  it('writes Interface\\{iid} and its subkeys', () => {
    const body = `<Interface Id="0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9" Name="IContosoThing" NumMethods="7"
                             BaseInterface="${IUNKNOWN}" ProxyStubClassId32="${PSOAINTERFACE}" />`;
    assert.deepEqual(rows(lower(body, 'Interface').writes), [
      hkcr(k('Interface', IID), undefined, 'IContosoThing'),
      hkcr(k('Interface', IID, 'BaseInterface'), undefined, IUNKNOWN),
      hkcr(k('Interface', IID, 'NumMethods'), undefined, '7'),
      hkcr(k('Interface', IID, 'ProxyStubClsid32'), undefined, PSOAINTERFACE),
    ]);
  });

  it('takes a 32-bit class as the proxy of the interfaces nested in it', () => {
    const body = `<Class Id="${CLSID}" Context="InprocServer32" Server="ProxyDll"><Interface Id="${IID}" Name="IThing" /></Class>`;
    assert.deepEqual(rows(lower(body, 'Class').writes), [
      hkcr(k('Interface', IID), undefined, 'IThing'),
      hkcr(k('Interface', IID, 'ProxyStubClsid32'), undefined, CLSID),
      hkcr(k('CLSID', CLSID, 'InprocServer32'), undefined, '[#ProxyDll]'),
    ]);
  });
});

describe('comWrites: TypeLib', () => {
  const body = `
    <File Id="ContosoTlb" Source="Contoso.tlb">
      <TypeLib Id="${LIBID}" Language="0" MajorVersion="1" MinorVersion="10" Description="Contoso 1.10 Type Library"
               HelpDirectory="INSTALLFOLDER">
        <Interface Id="${IID}" Name="IContoso" ProxyStubClassId32="${PSOAINTERFACE}" />
      </TypeLib>
    </File>`;
  const expected = (platform: string): Row[] => [
    hkcr(k('Interface', IID), undefined, 'IContoso'),
    hkcr(k('Interface', IID, 'TypeLib'), undefined, LIBID),
    // The version is hexadecimal, as RegisterTypeLib writes it: 1.10 -> 1.a.
    hkcr(k('Interface', IID, 'TypeLib'), 'Version', '1.a'),
    hkcr(k('Interface', IID, 'ProxyStubClsid32'), undefined, PSOAINTERFACE),
    hkcr(k('TypeLib', LIBID, '1.a'), undefined, 'Contoso 1.10 Type Library'),
    hkcr(k('TypeLib', LIBID, '1.a', '0', platform), undefined, '[#ContosoTlb]'),
    hkcr(k('TypeLib', LIBID, '1.a', 'FLAGS'), undefined, '0'),
    hkcr(k('TypeLib', LIBID, '1.a', 'HELPDIR'), undefined, '[INSTALLFOLDER]'),
  ];

  it('writes the win32 leaf for a 32-bit component', () => {
    assert.deepEqual(rows(lower(body, 'TypeLib', { bitness: 32, fileId: 'ContosoTlb' }).writes), expected('win32'));
  });

  it('writes the win64 leaf for a 64-bit component, and nothing else differs', () => {
    assert.deepEqual(rows(lower(body, 'TypeLib', { bitness: 64, fileId: 'ContosoTlb' }).writes), expected('win64'));
  });

  it('sums the library flags into FLAGS', () => {
    const flagged = body.replace('Language="0"', 'Language="0" Control="yes" Hidden="yes"');
    const writes = rows(lower(flagged, 'TypeLib', { fileId: 'ContosoTlb' }).writes);
    assert.deepEqual(
      writes.find((r) => r[1].endsWith('FLAGS')),
      hkcr(k('TypeLib', LIBID, '1.a', 'FLAGS'), undefined, '6'),
    );
  });
});

describe('comWrites: AppId', () => {
  it('writes AppID\\{appid}, its named values, and the AppID of the classes nested in it', () => {
    const body = `
      <File Id="ContosoExe" Source="Contoso.exe">
        <AppId Id="${APPID}" Description="Contoso Server" LocalService="ContosoSvc" RunAsInteractiveUser="yes">
          <Class Id="${SERVER_CLSID}" Context="LocalServer32" Description="Contoso Server Object" />
        </AppId>
      </File>`;
    assert.deepEqual(rows(lower(body, 'AppId', { fileId: 'ContosoExe' }).writes), [
      hkcr(k('CLSID', SERVER_CLSID, 'LocalServer32'), undefined, '"[#ContosoExe]"'),
      hkcr(k('CLSID', SERVER_CLSID), 'AppID', APPID),
      hkcr(k('CLSID', SERVER_CLSID), undefined, 'Contoso Server Object'),
      hkcr(k('AppID', APPID), undefined, 'Contoso Server'),
      hkcr(k('AppID', APPID), 'LocalService', 'ContosoSvc'),
      hkcr(k('AppID', APPID), 'RunAs', 'Interactive User'),
    ]);
  });

  it('creates the key with "+" when there is no description', () => {
    const body = `<AppId Id="${APPID}" DllSurrogate="" ActivateAtStorage="yes" />`;
    assert.deepEqual(rows(lower(body, 'AppId').writes), [
      hkcr(k('AppID', APPID), '+', undefined),
      hkcr(k('AppID', APPID), 'DllSurrogate', ''),
      hkcr(k('AppID', APPID), 'ActivateAtStorage', 'Y'),
    ]);
  });
});

describe('comWrites: Extension, Verb, MIME', () => {
  it('writes the extension, its verb and MIME type under the ProgId', () => {
    const body = `
      <ProgId Id="Contoso.Document" Description="Contoso Document" Icon="ContosoExe" IconIndex="1">
        <Extension Id="cdoc">
          <Verb Id="open" Command="Open with Contoso" TargetFile="ContosoExe" Argument="&quot;%1&quot;" />
          <MIME ContentType="application/x-contoso" Class="${SERVER_CLSID}" Default="yes" />
        </Extension>
      </ProgId>`;
    assert.deepEqual(rows(lower(body, 'ProgId').writes), [
      hkcr(k('Contoso.Document', 'shell', 'open'), undefined, 'Open with Contoso'),
      hkcr(k('Contoso.Document', 'shell', 'open', 'command'), undefined, '"[#ContosoExe]" "%1"'),
      hkcr(k('MIME', 'Database', 'Content Type', 'application/x-contoso'), 'Extension', '.cdoc'),
      hkcr(k('MIME', 'Database', 'Content Type', 'application/x-contoso'), 'CLSID', SERVER_CLSID),
      hkcr('.cdoc', undefined, 'Contoso.Document'),
      // The default MIME type becomes the extension's Content Type when the Extension names none.
      hkcr('.cdoc', 'Content Type', 'application/x-contoso'),
      hkcr('Contoso.Document', undefined, 'Contoso Document'),
      hkcr(k('Contoso.Document', 'DefaultIcon'), undefined, '"[#ContosoExe]",1'),
    ]);
  });

  it('registers verbs of an extension without a ProgId under the extension (v4)', () => {
    const body = `<Extension Id="clog" ContentType="text/plain"><Verb Id="open" TargetProperty="NOTEPAD" Argument="%1" /></Extension>`;
    assert.deepEqual(rows(lower(body, 'Extension', { version: 4 }).writes), [
      hkcr(k('.clog', 'shell', 'open', 'command'), undefined, '"[NOTEPAD]" %1'),
      hkcr('.clog', undefined, undefined),
      hkcr('.clog', 'Content Type', 'text/plain'),
    ]);
  });
});

describe('comWrites: malformed input', () => {
  it('writes nothing for a Class without a usable Id, and does not throw', () => {
    const withoutId = `<Class Context="InprocServer32" Server="X" Description="d"><ProgId Id="A.B" /></Class>`;
    assert.deepEqual(lower(withoutId, 'Class').writes, []);
    assert.deepEqual(lower(`<Class Id="not-a-guid" Context="InprocServer32" Server="X" />`, 'Class').writes, []);
    assert.deepEqual(lower(`<TypeLib Language="0" MajorVersion="1" />`, 'TypeLib', { fileId: 'F' }).writes, []);
    assert.deepEqual(lower(`<Extension><Verb Id="open" /></Extension>`, 'Extension').writes, []);
  });

  it('lowers a Verb or MIME only through its Extension', () => {
    assert.deepEqual(lower(`<Verb Id="open" TargetFile="F" />`, 'Verb').writes, []);
    assert.deepEqual(lower(`<MIME ContentType="text/plain" />`, 'MIME').writes, []);
  });

  it('writes no TypeLib keys without a version, but still lowers what nests in it', () => {
    const body = `<TypeLib Id="${LIBID}" Language="0"><Interface Id="${IID}" Name="I" /></TypeLib>`;
    assert.deepEqual(rows(lower(body, 'TypeLib', { fileId: 'F' }).writes), [
      hkcr(k('Interface', IID), undefined, 'I'),
      hkcr(k('Interface', IID, 'TypeLib'), undefined, LIBID),
      hkcr(k('Interface', IID, 'TypeLib'), 'Version', undefined),
    ]);
  });
});

describe('isComElement', () => {
  it('knows the COM elements and nothing else', () => {
    for (const name of ['Class', 'ProgId', 'TypeLib', 'AppId', 'Interface', 'Extension', 'Verb', 'MIME']) assert.ok(isComElement(name), name);
    for (const name of ['File', 'RegistryValue', 'Component', 'FileTypeMask', 'class']) assert.ok(!isComElement(name), name);
  });
});
