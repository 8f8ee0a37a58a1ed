// Which platforms a unit's sources are linted for when nobody names them, and why: what the sources say, else x86.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lintSources, type LintSourcesOptions, type PlatformChoice } from '../../server/src/engine/lint';
import { v3, v3Fragment, v4 } from '../ruleTester';

function choose(files: Record<string, string>, extra: Partial<LintSourcesOptions> = {}): { platforms: PlatformChoice; problems: string[] } {
  const inputs = Object.entries(files)
    .filter(([p]) => p.endsWith('.wxs'))
    .map(([path, text]) => ({ path, text }));
  const result = lintSources(inputs, {
    defines: {},
    includePaths: [],
    env: {},
    severities: {},
    host: { readFile: (p) => files[p] },
    ...extra,
  });
  return { platforms: result.platforms, problems: result.problems.map((p) => `${p.ruleId}:${p.severity} [${p.platforms.join(',')}]`) };
}

const PF = (folder: string, component = '<Component Id="C" Guid="*"><File Source="a.dll" /></Component>') =>
  `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="${folder}"><Directory Id="INSTALLDIR" Name="D">${component}</Directory></Directory></Directory>`;

describe('platforms from the sources', () => {
  it('x86 when nothing says, as the WiX compilers default', () => {
    assert.deepEqual(choose({ '/p/Product.wxs': v3(PF('ProgramFilesFolder')) }).platforms, {
      platforms: ['x86'],
      source: 'default',
      reason: "nothing names a platform, so x86, the WiX compilers' default",
    });
  });

  it('a v3 Package/@Platform names the build', () => {
    const x64 = choose({ '/p/Product.wxs': v3(PF('ProgramFiles64Folder'), ' Platform="x64"') });
    assert.deepEqual(x64.platforms, { platforms: ['x64'], source: 'sources', reason: 'Package/@Platform="x64" in Product.wxs' });
    // Linted for x64 as -arch x64 builds it: components follow the 64-bit build, nothing to report.
    assert.deepEqual(x64.problems, []);
  });

  it('a switch on $(sys.BUILDARCH) with an <?else?> builds for the platforms it names and the other one', () => {
    const source = v3(`<?if $(sys.BUILDARCH) = x64 ?><?define PF = "ProgramFiles64Folder" ?><?else?><?define PF = "ProgramFilesFolder" ?><?endif?>
${PF('$(var.PF)')}`);
    assert.deepEqual(choose({ '/p/Product.wxs': source }).platforms, {
      platforms: ['x86', 'x64'],
      source: 'sources',
      reason: '<?if $(sys.BUILDARCH) ?> in Product.wxs chooses by platform',
    });
  });

  it('authoring that is all 64-bit (a 64-bit folder, a 64-bit component, an x64-only guard) builds x64', () => {
    for (const [what, source] of [
      ['ProgramFiles64Folder', v3(PF('ProgramFiles64Folder'))],
      ['Component \'C\' Win64="yes"', v3(PF('INSTALLROOT', '<Component Id="C" Guid="*" Win64="yes"><File Source="a.dll" /></Component>'))],
      ['a x64-only <?if $(sys.BUILDARCH)?>', v3(`<?if $(sys.BUILDARCH) = x64 ?><Property Id="X" Value="1" /><?endif?>`)],
    ] as const) {
      assert.deepEqual(choose({ '/p/Product.wxs': source }).platforms, {
        platforms: ['x64'],
        source: 'sources',
        reason: `its platform-specific authoring is all 64-bit (${what} in Product.wxs)`,
      });
    }
  });

  it('a 64-bit folder named by a <?define?> in an include counts, outside any <?if?>', () => {
    const files = {
      '/p/Product.wxs': v3(PF('$(var.PF)')).replace('<Wix ', '<?include platform.wxi ?>\n<Wix '),
      '/p/platform.wxi': '<Include>\n  <?define PF = "ProgramFiles64Folder" ?>\n</Include>\n',
    };
    assert.deepEqual(choose(files).platforms.platforms, ['x64']);
  });

  it('32- and 64-bit folders together are a mix: x86, where the mix is reported', () => {
    const source = v3(`${PF('ProgramFilesFolder')}
    <DirectoryRef Id="TARGETDIR"><Directory Id="ProgramFiles64Folder"><Directory Id="D64" Name="D" /></Directory></DirectoryRef>`);
    assert.deepEqual(choose({ '/p/Product.wxs': source }).platforms.platforms, ['x86']);
  });

  it("WiX v4's ProgramFiles6432Folder follows the platform: x86 and x64", () => {
    const source = v4(`    <StandardDirectory Id="ProgramFiles6432Folder"><Directory Id="INSTALLFOLDER" Name="D" /></StandardDirectory>`);
    assert.deepEqual(choose({ '/p/Package.wxs': source }).platforms, {
      platforms: ['x86', 'x64'],
      source: 'sources',
      reason: 'ProgramFiles6432Folder in Package.wxs follows the platform',
    });
  });

  it('x86 named only by an <?else?> beside authoring that is 64-bit only is no build: x64 and arm64', () => {
    const source = v4(`<?if $(sys.BUILDARCH) = x64 or $(sys.BUILDARCH) = arm64 ?><?define Pf = "a" ?><?else?><?define Pf = "b" ?><?endif?>
    <StandardDirectory Id="ProgramFiles64Folder"><Directory Id="INSTALLFOLDER" Name="D" /></StandardDirectory>`);
    assert.deepEqual(choose({ '/p/Package.wxs': source }).platforms, {
      platforms: ['x64', 'arm64'],
      source: 'sources',
      reason: '<?if $(sys.BUILDARCH) ?> in Package.wxs chooses by platform, and ProgramFiles64Folder in Package.wxs is 64-bit only',
    });
  });

  it('names the first 64-bit-only authoring not under an <?if?>, past a guarded one, however many follow', () => {
    const components = ['A', 'B', 'C'].map((id) => `<Component Id="${id}" Guid="*" Win64="yes"><File Source="${id}.dll" /></Component>`);
    const source = v4(`<?if $(sys.BUILDARCH) = x64 or $(sys.BUILDARCH) = arm64 ?><?define Pf = "a" ?><?else?><?define Pf = "b" ?><?endif?>
    <?if $(sys.BUILDARCH) = x64 ?><Property Id="X64ONLY" Value="1" /><?endif?>
    <StandardDirectory Id="ProgramFiles64Folder"><Directory Id="INSTALLFOLDER" Name="D">${components.join('')}</Directory></StandardDirectory>
    <StandardDirectory Id="CommonFiles64Folder" />`);
    assert.deepEqual(choose({ '/p/Package.wxs': source }).platforms, {
      platforms: ['x64', 'arm64'],
      source: 'sources',
      reason: '<?if $(sys.BUILDARCH) ?> in Package.wxs chooses by platform, and ProgramFiles64Folder in Package.wxs is 64-bit only',
    });
    // Without the switch, the first of them all names the build: the guard.
    assert.deepEqual(choose({ '/p/Package.wxs': source.replace(/<\?if \$\(sys.BUILDARCH\) = x64 or[^\n]*\n/, '') }).platforms, {
      platforms: ['x64'],
      source: 'sources',
      reason: 'its platform-specific authoring is all 64-bit (a x64-only <?if $(sys.BUILDARCH)?> in Package.wxs)',
    });
  });

  it("a build script's platform variable is set per platform as the sources spell it, and says so", () => {
    const source = v3(`<?if $(var.WIREGUARD_PLATFORM) = "x86" ?><?define PF = "ProgramFilesFolder" ?>
<?elseif $(var.WIREGUARD_PLATFORM) = "amd64" ?><?define PF = "ProgramFiles64Folder" ?>
<?elseif $(var.WIREGUARD_PLATFORM) = "arm64" ?><?define PF = "ProgramFiles64Folder" ?>
<?else?><?error Unknown platform ?><?endif?>
${PF('$(var.PF)', '<Component Id="C" Guid="*"><File Source="a.dll" /></Component>')}`).replace('InstallerVersion="200"', 'InstallerVersion="500"');
    const result = choose({ '/p/Product.wxs': source });
    assert.deepEqual(result.platforms, {
      platforms: ['x86', 'x64', 'arm64'],
      source: 'sources',
      reason:
        '<?if $(var.WIREGUARD_PLATFORM) ?> in Product.wxs chooses by platform; $(var.WIREGUARD_PLATFORM) set for each platform, as the build passes it',
    });
    // Each build took its own branch: no <?error?>, no undefined variable, and the folders match the default bitness.
    assert.deepEqual(result.problems, []);
  });

  it('$(var.Platform) compared with arm64 in lower case is set to arm64, not ARM64 (= is case-sensitive)', () => {
    const source = v3(`<?if $(var.Platform) = x64 ?><?define PF = "ProgramFiles64Folder" ?>
<?elseif $(var.Platform) = arm64 ?><?define PF = "ProgramFiles64Folder" ?>
<?else?><?define PF = "ProgramFilesFolder" ?><?endif?>
${PF('$(var.PF)')}`).replace('InstallerVersion="200"', 'InstallerVersion="500"');
    const result = choose({ '/p/Product.wxs': source });
    assert.deepEqual(result.platforms.platforms, ['x86', 'x64', 'arm64']);
    assert.deepEqual(result.problems, []);
  });

  it("a .wixproj's default Platform is used when the sources say nothing; given platforms are never second-guessed", () => {
    const fallback: PlatformChoice = { platforms: ['x64'], source: 'project', reason: 'Setup.wixproj: Platform x64 by default' };
    assert.deepEqual(choose({ '/p/Product.wxs': v3(PF('ProgramFilesFolder')) }, { fallbackPlatforms: fallback }).platforms, fallback);
    assert.deepEqual(
      choose(
        { '/p/Product.wxs': v3(PF('ProgramFiles64Folder')) },
        { platforms: ['x86'], platformSource: 'settings', platformReason: 'the wixlint.platforms setting' },
      ).platforms,
      {
        platforms: ['x86'],
        source: 'settings',
        reason: 'the wixlint.platforms setting',
      },
    );
  });

  it('fragments alone say what they can: a 64-bit fragment is linted for x64', () => {
    assert.deepEqual(
      choose({
        '/p/Fragment.wxs': v3Fragment(
          PF('ProgramFiles64Folder')
            .replace('<Directory Id="TARGETDIR" Name="SourceDir">', '<DirectoryRef Id="TARGETDIR">')
            .replace(/<\/Directory>$/, '</DirectoryRef>'),
        ),
      }).platforms.platforms,
      ['x64'],
    );
  });
});
