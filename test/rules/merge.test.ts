// Merge modules merged into products from sources: the module (built in memory) is read and its parts join the
// product's, so isa-mixing, ice80 and com-overwrite see them, at the Merge element; a 64-bit module in a 32-bit product
// is the error WiX's binder gives.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { OVERLAY_CLSID, overlayModule, SUFFIX_32, SUFFIX_64 } from '../msi/modules';
import { IMAGE_FILE_MACHINE_AMD64, IMAGE_FILE_MACHINE_I386, peImage } from '../payload/peImage';
import { lintSources } from '../../server/src/engine/lint';
import { fullMessage } from '../../server/src/engine/problem';
import { lintCase, MAIN_FILE, memoryPackages, memoryPayloads, v3, v4 } from '../ruleTester';

const CLSID = OVERLAY_CLSID;

const PACKAGES = { '/project/msm/Overlay32.msm': overlayModule(32), '/project/msm/Overlay64.msm': overlayModule(64) };

function product(platform: string, merges: string): string {
  return v3(
    `    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="${platform === 'x64' ? 'ProgramFiles64Folder' : 'ProgramFilesFolder'}">
        <Directory Id="INSTALLDIR" Name="Demo">
${merges}
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main"><MergeRef Id="O32" /><MergeRef Id="O64" /></Feature>`,
    platform === 'x64' ? ' Platform="x64"' : '',
  );
}

const BOTH = `          <Merge Id="O32" SourceFile="msm\\Overlay32.msm" DiskId="1" Language="1033" />
          <Merge Id="O64" SourceFile="msm\\Overlay64.msm" DiskId="1" Language="1033" />`;

/** The components the package has once its modules are merged, each with the module it comes from. */
function mergedComponents(code: string, platform: 'x86' | 'x64'): string[] {
  const found: string[] = [];
  lintSources([{ path: MAIN_FILE, text: code }], {
    platforms: [platform],
    defines: {},
    includePaths: [],
    env: {},
    severities: {},
    host: { readFile: () => undefined },
    payloads: { host: memoryPayloads({}), packages: memoryPackages(PACKAGES), reportMissing: false },
    onDatabase: (db) => {
      for (const c of db.components) if (c.module !== undefined) found.push(`${c.id} ${c.bitness}-bit from ${c.module} in ${c.directory}`);
    },
  });
  return found;
}

function problems(code: string, platforms: ('x86' | 'x64')[], packages: Record<string, Uint8Array> = PACKAGES, missingPayloads = false): string[] {
  const { result } = lintCase({ name: 'merge', code, platforms, packages, missingPayloads }, undefined);
  return result.problems.map((p) => {
    const loc = p.location;
    const at = loc.kind === 'source' ? code.slice(loc.start, loc.end) : `${loc.table}/${loc.key}`;
    return `${p.ruleId} ${p.severity} @${at} ${fullMessage(p)}`;
  });
}

const MODULE64 = (element: string) =>
  "isa-mixing error @Merge Merge module 'msm\\Overlay64.msm' is 64-bit but the x86 build makes a 32-bit package It is 64-bit " +
  `(the Template summary property 'x64;1033'), and the x86 build makes ${element} 'Demo' a 32-bit package. WiX: ` +
  "'msm\\Overlay64.msm' is a 64-bit merge module but the product consuming it is 32-bit. 32-bit products can consume only " +
  "32-bit merge modules. Merge the module's x86 build here, and this one in the 64-bit package.";

describe('merge modules merged into products', () => {
  it('a 32-bit product merging the 64-bit module: the WiX error at its Merge, and the module parts in the other rules', () => {
    const c32 = `Overlay32${SUFFIX_32}`;
    const c64 = `Overlay64${SUFFIX_64}`;
    const key = `HKCR\\CLSID\\${CLSID}\\InprocServer32`;
    const overwrite = (here: string, hereBits: number, there: string, thereBits: number) =>
      `com-overwrite error @Merge ${hereBits}-bit '${here}' and ${thereBits}-bit '${there}' both write ` +
      `${key} They share this key, '${here}' with the value '[#${here.replace('.', '.dll.')}]' and ` +
      `'${there}' with '[#${there.replace('.', '.dll.')}]': on 32-bit Windows, which ignores the 64-bit ` +
      'flag and has no registry redirection, they write the same key, so the last one installed wins and ' +
      'uninstalling either removes the registration of both. Build one package per ISA, or give the two ' +
      'components mutually exclusive conditions (VersionNT64 / NOT VersionNT64).';
    assert.deepEqual(problems(product('x86', BOTH), ['x86']), [
      `isa-mixing error @Product The x86 build makes a 32-bit package, but component '${c64}' is 64-bit ` +
        `Product 'Demo' contains 64-bit component '${c64}'. On 32-bit Windows, where a 32-bit package also ` +
        'installs, the 64-bit flag is ignored and there is no registry redirection: they act as 32-bit and ' +
        "share every folder and registry key with the package's 32-bit parts. Build one package per ISA " +
        '(x86 and x64), chained by a bundle if needed.',
      overwrite(c32, 32, c64, 64),
      overwrite(c64, 64, c32, 32),
      `ice80 error @Merge Component '${c64}' is 64-bit but the x86 build makes a 32-bit package It is 64-bit (Attributes has ` +
        "msidbComponentAttributes64bit), and the x86 build makes Product 'Demo' a 32-bit package: on 32-bit Windows its 64-bit " +
        `flag is ignored. ICE80: This package contains 64 bit component '${c64}' but the Template Summary Property does not ` +
        'contain Intel64, x64, or Arm64. Move it to a separate 64-bit package, or make it 32-bit.',
      "ice80 error @Merge Directory 'ProgramFiles64Folder' is a 64-bit folder but the x86 build makes a 32-bit package Only " +
        "64-bit Windows sets it, and the x86 build makes Product 'Demo' a 32-bit package. ICE80: This 32Bit Package is using 64 " +
        'bit property ProgramFiles64Folder Use ProgramFilesFolder in the 32-bit package (ProgramFiles6432Folder and its kin in ' +
        'WiX v4 pick the right one per platform).',
      MODULE64('Product'),
    ]);
  });

  it('a 64-bit product merging both modules (TortoiseOverlays-style): each in its own registry view, nothing to report', () => {
    assert.deepEqual(problems(product('x64', BOTH), ['x64']), []);
    // Clean with both modules merged, not for want of reading them.
    assert.deepEqual(mergedComponents(product('x64', BOTH), 'x64'), [
      `Overlay32${SUFFIX_32} 32-bit from msm\\Overlay32.msm in OverlayDir${SUFFIX_32}`,
      `Overlay64${SUFFIX_64} 64-bit from msm\\Overlay64.msm in OverlayDir${SUFFIX_64}`,
    ]);
  });

  it("a module's files are judged by what its cabinet holds: an x86 server in the 64-bit module, at the Merge", () => {
    const x86 = peImage({ machine: IMAGE_FILE_MACHINE_I386, dll: true });
    const x64 = peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true });
    const mixedUp = { '/project/msm/Overlay32.msm': overlayModule(32, x86), '/project/msm/Overlay64.msm': overlayModule(64, x86) };
    assert.deepEqual(problems(product('x64', BOTH), ['x64'], mixedUp), [
      `payload-isa error @Merge COM class ${CLSID} is registered in the 64-bit view but its server is an x86 binary File ` +
        `'Overlay64.dll${SUFFIX_64}' (Overlay64.dll${SUFFIX_64} in the cabinet of Overlay64.msm) is its InprocServer32: ` +
        '64-bit processes cannot load it, so the registration is dead. Register it from a 32-bit component, or install the ' +
        '64-bit build of the server here.',
    ]);
    // As built right, both modules are clean; the same modules with no payloads say nothing either.
    const right = { '/project/msm/Overlay32.msm': overlayModule(32, x86), '/project/msm/Overlay64.msm': overlayModule(64, x64) };
    assert.deepEqual(problems(product('x64', BOTH), ['x64'], right), []);
  });

  it('a 32-bit product merging only the 32-bit module is clean', () => {
    const merged = problems(product('x86', BOTH.split('\n')[0]!), ['x86']);
    assert.deepEqual(merged, []);
    assert.deepEqual(mergedComponents(product('x86', BOTH.split('\n')[0]!), 'x86'), [
      `Overlay32${SUFFIX_32} 32-bit from msm\\Overlay32.msm in OverlayDir${SUFFIX_32}`,
    ]);
  });

  it('v4: a Merge under a StandardDirectory, in an x86 build, gives the same WiX error', () => {
    const code = v4(`    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <Merge Id="O64" SourceFile="msm\\Overlay64.msm" Language="1033" />
      </Directory>
    </StandardDirectory>
    <Feature Id="Main"><MergeRef Id="O64" /></Feature>`);
    const found = problems(code, ['x86']).filter((p) => p.startsWith('isa-mixing error @Merge'));
    assert.deepEqual(found, [MODULE64('Package')]);
    // Built for x64, the same authoring is one ISA: the module is welcome.
    assert.deepEqual(
      problems(code, ['x64']).filter((p) => p.startsWith('isa-mixing')),
      [],
    );
  });

  it('a module that is not found is silent, and said when asked; a damaged one is said', () => {
    const code = product('x86', '          <Merge Id="O32" SourceFile="msm\\Gone.msm" DiskId="1" Language="1033" />');
    assert.deepEqual(problems(code, ['x86'], {}), []);
    assert.deepEqual(problems(code, ['x86'], {}, true), [
      "payload-isa info @Merge Merge module 'msm\\Gone.msm': not checked Not found (looked for " + "'msm/Gone.msm').",
    ]);
    assert.deepEqual(problems(code, ['x86'], { '/project/msm/Gone.msm': new TextEncoder().encode('not a package') }), [
      "payload-isa info @Merge Merge module 'msm\\Gone.msm': not checked It cannot be read from msm/Gone.msm " +
        '(The file is not an OLE compound file (it does not start with the signature D0 CF 11 E0 A1 B1 1A ' +
        'E1), so it is not an MSI package).',
    ]);
  });
});
