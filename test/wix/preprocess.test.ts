// The preprocessor as WiX has it, seen through what the sources lower to: <?foreach?> at every depth, the sys.
// variables of each version, functions and unknown prefixes, includes and their folders.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lintSources } from '../../server/src/engine/lint';
import type { InstallerDb } from '../../server/src/model/installer';
import type { BuildArch } from '../../server/src/model/platform';
import { v3, v4 } from '../ruleTester';

function lower(files: Record<string, string>, options: { platforms?: BuildArch[]; defines?: Record<string, string>; currentDir?: string } = {}) {
  const dbs: InstallerDb[] = [];
  const result = lintSources(
    Object.entries(files)
      .filter(([p]) => p.endsWith('.wxs'))
      .map(([path, text]) => ({ path, text })),
    {
      platforms: options.platforms ?? ['x86'],
      defines: options.defines ?? {},
      includePaths: [],
      env: {},
      severities: {},
      host: { readFile: (p) => files[p] },
      onDatabase: (db) => dbs.push(db),
      ...(options.currentDir !== undefined ? { currentDir: options.currentDir } : {}),
    },
  );
  const packaged = dbs.filter((db) => db.package || db.components.length > 0);
  return {
    components: packaged.flatMap((db) => db.components.map((c) => `${c.id} ${c.bitness}`)),
    registry: packaged.flatMap((db) => db.registry.map((r) => `${r.component}: ${r.key} ${r.name ?? '@'}=${r.value ?? ''}`)),
    files: packaged.flatMap((db) => db.files.map((f) => `${f.id} <- ${f.source ?? ''}`)),
    properties: packaged.flatMap((db) => [...db.properties.values()].map((p) => `${p.id}=${p.value ?? ''}`)),
    problems: result.problems.map((p) => `${p.ruleId}: ${p.message}`),
  };
}

const TREE = (inner: string) =>
  `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="D">
${inner}
    </Directory></Directory></Directory>`;

describe('the preprocessor as WiX has it', () => {
  it('binds a <?foreach?> variable at every depth of the body, each iteration its own expansion', () => {
    const result = lower({
      '/p/Product.wxs': v3(
        TREE(`<?foreach Lang in en;de ?>
      <Component Id="Res_$(var.Lang)" Guid="*">
        <File Id="F_$(var.Lang)" Source="res\\$(var.Lang)\\app.resources.dll" />
        <RegistryKey Root="HKLM" Key="Software\\Contoso\\$(var.Lang)">
          <RegistryValue Name="Culture" Value="$(var.Lang)" Type="string" />
        </RegistryKey>
      </Component>
<?endforeach?>`),
      ),
    });
    assert.deepEqual(result.components, ['Res_en 32', 'Res_de 32']);
    assert.deepEqual(result.files, ['F_en <- res\\en\\app.resources.dll', 'F_de <- res\\de\\app.resources.dll']);
    assert.deepEqual(result.registry, ['Res_en: Software\\Contoso\\en Culture=en', 'Res_de: Software\\Contoso\\de Culture=de']);
    assert.deepEqual(result.problems, []);
  });

  it('nests loops, takes a define in the body per iteration, and keeps the last value after the loop', () => {
    const result = lower({
      '/p/Product.wxs': v3(
        TREE(`<?foreach Arch in x86;x64 ?><?define Bits = "$(var.Arch)" ?><?foreach N in 1;2 ?>
      <Component Id="C_$(var.Bits)_$(var.N)" Guid="*"><File Source="a.dll" /></Component>
<?endforeach?><?endforeach?>`) + '',
      ).replace('</Product>', '    <Property Id="LAST" Value="$(var.Arch)" />\n  </Product>'),
    });
    assert.deepEqual(result.components, ['C_x86_1 32', 'C_x86_2 32', 'C_x64_1 32', 'C_x64_2 32']);
    assert.deepEqual(result.properties, ['LAST=x64']);
  });

  it("WiX v4: ==, bare $(X), sys.BUILDARCHSHORT; an unknown prefix may be a variable's name ($(Lib.TargetPath))", () => {
    const result = lower(
      {
        '/p/Package.wxs': v4(`<?if $(Edition) == pro ?><Property Id="EDITION" Value="pro $(sys.BUILDARCHSHORT)" /><?endif?>
    <Property Id="LIB" Value="$(Lib.TargetPath)" />`),
      },
      { defines: { Edition: 'pro', 'Lib.TargetPath': 'C:\\out\\Lib.dll' }, platforms: ['x64', 'arm64'] },
    );
    assert.deepEqual(result.properties, ['EDITION=pro X64', 'LIB=C:\\out\\Lib.dll', 'EDITION=pro A64', 'LIB=C:\\out\\Lib.dll']);
    assert.deepEqual(result.problems, []);
  });

  it('leaves functions and values only the build knows as written, without calling them undefined', () => {
    const result = lower({ '/p/Package.wxs': v4(`    <Property Id="V" Value="$(fun.AutoVersion(1.0)) $(sys.WIXMAJORVERSION)" />`) });
    assert.deepEqual(result.properties, ['V=$(fun.AutoVersion(1.0)) $(sys.WIXMAJORVERSION)']);
    assert.deepEqual(result.problems, []);
  });

  it("reads $(sys.SOURCEFILEDIR) as the folder of the file being read, an include's own, and $(sys.CURRENTDIR) as the build's", () => {
    const files = {
      '/p/Product.wxs': v3(`<?include inc/Paths.wxi ?>\n    <Property Id="MAIN" Value="$(sys.SOURCEFILEDIR)|$(sys.CURRENTDIR)" />`),
      '/p/inc/Paths.wxi': '<Include><Property Id="INC" Value="$(sys.SOURCEFILEDIR)" /></Include>',
    };
    assert.deepEqual(lower(files).properties, ['INC=/p/inc/', 'MAIN=/p/|/p/']);
    assert.deepEqual(lower(files, { currentDir: '/build' }).properties, ['INC=/p/inc/', 'MAIN=/p/|/build/']);
  });

  it('finds an include written with Windows backslashes, and strips single quotes from a define', () => {
    const files = {
      '/p/Product.wxs': v3(`<?include sub\\Defs.wxi ?><?define Q = 'quoted' ?>\n    <Property Id="A" Value="$(var.FromInclude) $(var.Q)" />`),
      '/p/sub/Defs.wxi': '<Include><?define FromInclude = "yes" ?></Include>',
    };
    assert.deepEqual(lower(files).properties, ['A=yes quoted']);
  });

  it("reads WiX v2's namespace as v3", () => {
    const source = v3(TREE('<Component Id="C" Guid="*"><File Source="a.dll" /></Component>')).replace(
      'http://schemas.microsoft.com/wix/2006/wi',
      'http://schemas.microsoft.com/wix/2003/01/wi',
    );
    assert.deepEqual(lower({ '/p/Product.wxs': source }).components, ['C 32']);
  });
});
