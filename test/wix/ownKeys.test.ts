// Names from documents and packages are looked up as the tables' own entries: 'constructor' or '__proto__' in a Template,
// a Platform attribute or a folder id is an unknown name like any other, never a built-in property of the table.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lintSources } from '../../server/src/engine/lint';
import { templatePlatform } from '../../server/src/model/platform';
import { documentSymbols } from '../../server/src/wix/symbols';
import { parseXml } from '../../server/src/wix/xml';

function lint(text: string): string[] {
  const result = lintSources([{ path: '/p/a.wxs', text }], {
    platforms: ['x86', 'x64'],
    defines: {},
    includePaths: [],
    env: {},
    severities: {},
    host: { readFile: () => undefined },
  });
  return result.problems.map((p) => `${p.ruleId}: ${p.message}`);
}

describe('lookups by names from the input', () => {
  it('reads a Template platform of constructor or __proto__ as unknown', () => {
    assert.deepEqual(
      ['constructor;1033', '__proto__;1033', 'toString', 'x64;1033'].map((t) => templatePlatform(t)?.token ?? null),
      [null, null, null, 'x64'],
    );
  });

  it('lints a v3 Platform or a v4 StandardDirectory named constructor as it lints any unknown name', () => {
    const v3 = (platform: string): string =>
      `<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi"><Product Id="*" Name="D" Language="1033" Version="1.0.0" Manufacturer="A" UpgradeCode="{11111111-2222-3333-4444-555555555555}"><Package Platform="${platform}" /><Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Component Id="C" Guid="*" Win64="yes"><File Source="a" /></Component></Directory></Directory></Product></Wix>`;
    assert.deepEqual(lint(v3('constructor')), lint(v3('bogus')));
    const v4 = (folder: string): string =>
      `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Package Name="D" Version="1.0.0" Manufacturer="A" UpgradeCode="{11111111-2222-3333-4444-555555555555}"><StandardDirectory Id="${folder}"><Component Id="C" Bitness="always64"><File Source="a" /></Component></StandardDirectory></Package></Wix>`;
    assert.deepEqual(
      lint(v4('constructor')).map((p) => p.replace(/constructor/g, 'X')),
      lint(v4('Other')).map((p) => p.replace(/Other/g, 'X')),
    );
  });

  it('indexes no symbol for an attribute named constructor (the parser refuses such element names)', () => {
    const symbols = documentSymbols(
      parseXml('a.wxs', '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Custom constructor="B" toString="[C]" /></Wix>'),
    );
    assert.deepEqual(symbols.defs, []);
    assert.deepEqual(
      symbols.refs.map((r) => `${r.kind}:${r.id}`),
      ['Property:C'],
    );
  });
});
