// Symbols as written: definitions and references by Id and by attribute, the outline, and the attribute being typed.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { attributeContextAt, attributeSymbolKind, documentSymbols, occurrenceAt, type SymbolOccurrence } from '../../server/src/wix/symbols';
import { parseXml } from '../../server/src/wix/xml';

const V3 = `<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi" xmlns:util="http://schemas.microsoft.com/wix/UtilExtension">
  <Product Id="*" Name="Demo">
    <Binary Id="Helper" SourceFile="helper.dll" />
    <CustomAction Id="RunHelper" BinaryKey="Helper" DllEntry="Run" />
    <CustomAction Id="SetDir" Property="TARGETFOLDER" Value="[ProgramFilesFolder]" />
    <InstallExecuteSequence><Custom Action="RunHelper" After="InstallFiles" /></InstallExecuteSequence>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder"><Directory Id="APP" Name="App" /></Directory>
    </Directory>
    <Feature Id="Main" ConfigurableDirectory="APP"><ComponentRef Id="Core" /><ComponentGroupRef Id="Rest" /></Feature>
    <util:User Id="Svc" Name="svc" />
  </Product>
  <Fragment>
    <DirectoryRef Id="APP"><Component Id="Core" Guid="*"><File Id="CoreExe" Source="core.exe" /></Component></DirectoryRef>
    <Property Id="TARGETFOLDER" />
  </Fragment>
</Wix>`;

function list(occurrences: SymbolOccurrence[]): string[] {
  return occurrences.map((o) => `${o.kind}:${o.id}@${o.element}=${V3.slice(o.start, o.end)}`);
}

describe('documentSymbols', () => {
  const symbols = documentSymbols(parseXml('Product.wxs', V3));

  it('lists what each element defines by its Id, with the value range', () => {
    assert.equal(symbols.version, 3);
    assert.deepEqual(list(symbols.defs), [
      'Binary:Helper@Binary=Helper',
      'CustomAction:RunHelper@CustomAction=RunHelper',
      'CustomAction:SetDir@CustomAction=SetDir',
      'Directory:TARGETDIR@Directory=TARGETDIR',
      'Directory:ProgramFilesFolder@Directory=ProgramFilesFolder',
      'Directory:APP@Directory=APP',
      'Feature:Main@Feature=Main',
      'Component:Core@Component=Core',
      'File:CoreExe@File=CoreExe',
      'Property:TARGETFOLDER@Property=TARGETFOLDER',
    ]);
  });

  it('lists references by Ref elements, by attributes and in formatted text, and none from extension elements', () => {
    assert.deepEqual(list(symbols.refs), [
      'Binary:Helper@CustomAction=Helper',
      'Property:TARGETFOLDER@CustomAction=TARGETFOLDER',
      'Property:ProgramFilesFolder@CustomAction=ProgramFilesFolder',
      'CustomAction:RunHelper@Custom=RunHelper',
      'Directory:APP@Feature=APP',
      'Component:Core@ComponentRef=Core',
      'ComponentGroup:Rest@ComponentGroupRef=Rest',
      'Directory:APP@DirectoryRef=APP',
    ]);
  });

  it('reads formatted text: [PROPERTY] (a property or a folder), [#File] and [!File], [$Component], not [%ENV] nor escapes', () => {
    const text = `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Fragment>
  <RegistryValue Value="[INSTALLFOLDER]bin;[#App.exe] [!Lib] [$Core] [%PATH] [\\[] [[INDIRECT]]" />
  <Shortcut Target="[#App.exe]" Arguments="--home &quot;[AppDataFolder]&quot;" />
</Fragment></Wix>`;
    const refs = documentSymbols(parseXml('f.wxs', text)).refs;
    assert.deepEqual(
      refs.map((r) => `${r.kind}:${r.id}=${text.slice(r.start, r.end)}${r.formatted ? ' (formatted)' : ''}`),
      [
        'Property:INSTALLFOLDER=INSTALLFOLDER (formatted)',
        'File:App.exe=App.exe (formatted)',
        'File:Lib=Lib (formatted)',
        'Component:Core=Core (formatted)',
        'Property:INDIRECT=INDIRECT (formatted)',
        'File:App.exe=App.exe (formatted)',
        'Property:AppDataFolder=AppDataFolder (formatted)',
      ],
    );
  });

  it('reads the properties a condition names, in v3 element text and v4 Condition attributes, and nothing else', () => {
    const v3 = `<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Product Id="*" Name="D">
  <Condition Message="Needs &quot;Windows&quot; 10">Installed OR VersionNT &gt;= 603</Condition>
  <Component Id="C"><Condition><![CDATA[NOT INSTALLDIR AND $C=3 AND &F=3 AND !F=2 AND ?C=3 AND %PATH AND MODE~="full"]]></Condition></Component>
  <InstallExecuteSequence><Custom Action="A" After="B">NOT Installed AND (REMOVE &lt;&gt; "ALL")</Custom></InstallExecuteSequence>
</Product></Wix>`;
    const names = (text: string): string[] =>
      documentSymbols(parseXml('c.wxs', text))
        .refs.filter((r) => r.formatted)
        .map((r) => `${r.id}@${r.element}=${text.slice(r.start, r.end)}`);
    assert.deepEqual(names(v3), [
      'Installed@Condition=Installed',
      'VersionNT@Condition=VersionNT',
      'INSTALLDIR@Condition=INSTALLDIR',
      'MODE@Condition=MODE',
      'Installed@Custom=Installed',
      'REMOVE@Custom=REMOVE',
    ]);
    const v4 = `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Package Name="D">
  <Launch Condition="VersionNT64 AND NOT SKIPCHECK" Message="64-bit [ProductName] only" />
  <Component Id="C" Condition="FEATURELEVEL &gt; 1" />
</Package></Wix>`;
    assert.deepEqual(names(v4), [
      'VersionNT64@Launch=VersionNT64',
      'SKIPCHECK@Launch=SKIPCHECK',
      'ProductName@Launch=ProductName',
      'FEATURELEVEL@Component=FEATURELEVEL',
    ]);
  });

  it('outlines the document by the names that matter', () => {
    const names = (nodes: typeof symbols.outline): unknown[] => nodes.map((n) => (n.children.length > 0 ? [n.name, names(n.children)] : n.name));
    assert.deepEqual(names(symbols.outline), [
      ['Demo', ['Helper', 'RunHelper', 'SetDir', ['TARGETDIR', [['ProgramFilesFolder', ['APP']]]], ['Main', ['Core', 'Rest']]]],
      ['Fragment', [['APP', [['Core', ['CoreExe']]]], 'TARGETFOLDER']],
    ]);
  });

  it('finds the occurrence under an offset, the ends of the value included', () => {
    const offset = V3.indexOf('"RunHelper" After') + 1;
    assert.equal(occurrenceAt(symbols, offset)?.element, 'Custom');
    assert.equal(occurrenceAt(symbols, offset + 'RunHelper'.length)?.id, 'RunHelper');
    assert.equal(occurrenceAt(symbols, offset - 2), undefined);
  });

  it('has nothing for a malformed document, and never throws', () => {
    const broken = documentSymbols(parseXml('b.wxs', '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Component Id="A"'));
    assert.deepEqual([broken.defs, broken.refs, broken.outline], [[], [], []]);
  });
});

describe('attributeContextAt', () => {
  it('reads the element, attribute and value typed so far, without parsing', () => {
    const text = '<Fragment>\n  <ComponentRef Id="Co';
    assert.deepEqual(attributeContextAt(text, text.length), {
      element: 'ComponentRef',
      attribute: 'Id',
      prefix: 'Co',
      valueStart: text.length - 2,
      quote: '"',
    });
    const second = "<Component Guid='*' Directory='";
    assert.deepEqual(attributeContextAt(second, second.length), {
      element: 'Component',
      attribute: 'Directory',
      prefix: '',
      valueStart: second.length,
      quote: "'",
    });
    const prefixed = '<wix:CustomAction Id="X" BinaryKey="B';
    assert.equal(attributeContextAt(prefixed, prefixed.length)?.element, 'CustomAction');
  });

  it('is nothing outside a value: after a closed value, in text, after a closed tag', () => {
    for (const text of [
      '<ComponentRef Id="Core" ',
      '<Feature Id="Main">text',
      '<A B="1"/> <C D',
      'no tag at all',
      '<ComponentRef Id="a" Other="b" Name',
    ]) {
      assert.equal(attributeContextAt(text, text.length), undefined, text);
    }
  });
});

describe('attributeSymbolKind', () => {
  it('knows which attributes name which symbols', () => {
    assert.deepEqual(
      [
        ['ComponentRef', 'Id'],
        ['Component', 'Id'],
        ['Component', 'Directory'],
        ['Directory', 'Directory'],
        ['CustomAction', 'BinaryKey'],
        ['Custom', 'Action'],
        ['StandardDirectory', 'Id'],
        ['CreateFolder', 'Directory'],
        ['Feature', 'Title'],
      ].map(([e, a]) => attributeSymbolKind(e!, a!) ?? null),
      ['Component', null, 'Directory', null, 'Binary', 'CustomAction', 'Directory', 'Directory', null],
    );
  });
});
