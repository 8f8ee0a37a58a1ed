// bundle-isa: a Burn bundle's chain against the Windows it runs on: a 64-bit MSI whose InstallCondition lets Burn run it
// on 32-bit Windows, and the 32- and 64-bit builds of one product that both install on 64-bit Windows.
import { canHoldTogether, type WindowsScenario } from '../model/conditions';
import type { ChainedPackage } from '../model/installer';
import { createRule } from './rule';

/** Burn's NativeMachine on 32-bit Windows: IMAGE_FILE_MACHINE_I386. */
const NATIVE_MACHINE_X86 = '332';

/**
 * A Burn condition in the form the Windows Installer condition reasoning reads: Burn's version literals (`v6.1`) are
 * versions, compared as text with the empty value an unset variable has; on 32-bit Windows NativeMachine is x86's.
 */
function forScenario(condition: string | undefined, scenario: WindowsScenario): string | undefined {
  if (condition === undefined) return undefined;
  let c = condition.replace(/\bv(\d+(?:\.\d+)*)\b/g, '"$1"');
  if (scenario === '32-bit Windows') c = c.replace(/\bNativeMachine\b/g, NATIVE_MACHINE_X86);
  return c;
}

function upgradeKey(code: string | undefined): string | undefined {
  return code?.replace(/[{}\s]/g, '').toUpperCase() || undefined;
}

function conditionPhrase(p: ChainedPackage): string {
  return p.installCondition === undefined ? 'it has no InstallCondition' : `its InstallCondition "${p.installCondition}" holds on 32-bit Windows`;
}

export const bundleIsa = createRule({
  meta: {
    id: 'bundle-isa',
    description:
      "A bundle's chain runs a package where it cannot install: a 64-bit MSI whose InstallCondition does not exclude 32-bit Windows, or the 32- and 64-bit builds of one product both installing on 64-bit Windows.",
    defaultSeverity: 'error',
    ice: undefined,
    messages: {
      runsOn32: {
        headline: "MsiPackage '{{id}}' is a {{bits}}-bit package that Burn also runs on 32-bit Windows",
        note:
          'It chains {{file}} ({{how}}), and {{condition}}, so Burn runs it on 32-bit Windows too: Windows Installer refuses a ' +
          '64-bit package there, and the bundle fails.',
        help: 'Give it {{fix}}.',
      },
      bothOn64: {
        headline: "MsiPackage '{{id}}' (32-bit) and '{{other}}' (64-bit) both install on 64-bit Windows",
        note:
          '{{file}} and {{otherFile}} are builds of the same product (UpgradeCode {{upgradeCode}}): the second one installed ' +
          'upgrades the first away, or they share every folder and registry key.',
        help: 'Give this one InstallCondition="NOT VersionNT64" and the 64-bit one InstallCondition="VersionNT64".',
      },
    },
  },
  check({ db, report }) {
    const packages = db.bundle?.packages ?? [];
    for (const p of packages) {
      const platform = p.msi?.platform;
      if (platform?.bitness !== 64) continue;
      if (!canHoldTogether([forScenario(p.installCondition, '32-bit Windows')], '32-bit Windows')) continue;
      report({
        messageId: 'runsOn32',
        data: {
          id: p.id,
          file: p.msi!.readFrom,
          bits: 64,
          how: platform.source,
          condition: conditionPhrase(p),
          fix: p.installCondition === undefined ? 'InstallCondition="VersionNT64"' : `InstallCondition="(${p.installCondition}) AND VersionNT64"`,
        },
        location: p.conditionLocation,
      });
    }
    for (const p32 of packages) {
      if (p32.msi?.platform?.bitness !== 32) continue;
      const key = upgradeKey(p32.msi.upgradeCode);
      if (key === undefined) continue;
      const p64 = packages.find(
        (o) =>
          o.msi?.platform?.bitness === 64 &&
          upgradeKey(o.msi.upgradeCode) === key &&
          canHoldTogether([forScenario(p32.installCondition, '64-bit Windows'), forScenario(o.installCondition, '64-bit Windows')], '64-bit Windows'),
      );
      if (!p64) continue;
      report({
        messageId: 'bothOn64',
        data: { id: p32.id, file: p32.msi.readFrom, other: p64.id, otherFile: p64.msi!.readFrom, upgradeCode: p32.msi.upgradeCode! },
        location: p32.conditionLocation,
        related: [{ location: p64.conditionLocation, message: `MsiPackage '${p64.id}' chains the 64-bit build.` }],
      });
    }
  },
});
