// Table tests for bundle-isa: Burn chains, v3 and v4, against the Windows they run on, with the chained MSIs written in
// memory (their Template and UpgradeCode are what the rule reads); and the split refactor's own bundle lints clean.
import { bundleIsa } from '../../server/src/rules/bundle-isa';
import { golden } from '../golden';
import { buildMsi } from '../msi/builder';
import { schemaTable } from '../msi/schema';
import { runRuleTests, v3Fragment, type Case, type InvalidCase } from '../ruleTester';

const UPGRADE = '{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}';

/** A chained MSI: what a bundle reads of it is its Template and UpgradeCode. */
function msi(template: string, upgradeCode = UPGRADE): Uint8Array {
  return buildMsi({
    summary: { template, pageCount: 200 },
    tables: [
      schemaTable('Property', [
        ['ProductName', 'Demo'],
        ['UpgradeCode', upgradeCode],
      ]),
    ],
  });
}

const PACKAGES = {
  '/project/out/Demo-x86.msi': msi('Intel;1033'),
  '/project/out/Demo-x64.msi': msi('x64;1033'),
  '/project/out/Demo-arm64.msi': msi('Arm64;1033'),
  '/project/out/Other-x86.msi': msi('Intel;1033', '{99999999-4D5E-4F60-8A9B-0C1D2E3F4A5B}'),
  '/project/Product-x86.msi': msi('Intel;1033'),
  '/project/Product-x64.msi': msi('x64;1033'),
};

const v3Bundle = (chain: string) => `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Bundle Name="Demo" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{AAAAAAAA-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <BootstrapperApplicationRef Id="WixStandardBootstrapperApplication.RtfLicense" />
    <Chain>
${chain}
    </Chain>
  </Bundle>
</Wix>
`;

const v4Bundle = (chain: string) => `<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Bundle Name="Demo" Version="1.0.0" Manufacturer="Contoso" UpgradeCode="{AAAAAAAA-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Chain>
${chain}
    </Chain>
  </Bundle>
</Wix>
`;

const valid: Case[] = [
  {
    name: 'v3: the x86 build where VersionNT64 is not set, the x64 build where it is',
    code: v3Bundle(`      <MsiPackage SourceFile="out\\Demo-x86.msi" InstallCondition="NOT VersionNT64" />
      <MsiPackage SourceFile="out\\Demo-x64.msi" InstallCondition="VersionNT64" />`),
    packages: PACKAGES,
  },
  {
    name: "v4: conditions with Burn's version literals and NativeMachine",
    code: v4Bundle(`      <MsiPackage SourceFile="out\\Demo-x64.msi" InstallCondition="VersionNT64 &gt;= v6.1 AND NativeMachine = 34404" />
      <MsiPackage SourceFile="out\\Demo-arm64.msi" InstallCondition="NativeMachine = 43620" />`),
    packages: PACKAGES,
  },
  {
    name: 'a 32-bit package of another product may install beside the 64-bit one',
    code: v3Bundle(`      <MsiPackage SourceFile="out\\Other-x86.msi" />
      <MsiPackage SourceFile="out\\Demo-x64.msi" InstallCondition="VersionNT64" />`),
    packages: PACKAGES,
  },
  {
    name: 'a chained MSI that is not found says nothing',
    code: v3Bundle('      <MsiPackage SourceFile="out\\Missing-x64.msi" />'),
    packages: PACKAGES,
  },
  {
    name: "the split refactor's bundle (single source, v3), with both builds present",
    files: { '/project/Bundle.wxs': golden('fixes/golden/split-in-place/seed-Bundle.wxs'), '/project/Config.wxi': '<Include />' },
    packages: PACKAGES,
  },
  {
    name: "the split refactor's bundle (v4)",
    files: { '/project/Bundle4.wxs': golden('fixes/golden/split-in-place/v4-Bundle4.wxs') },
    packages: PACKAGES,
  },
  {
    name: "the per-file split's bundle",
    files: { '/project/Bundle.wxs': golden('fixes/golden/split-per-file/seed-Bundle.wxs'), '/project/Config.wxi': '<Include />' },
    packages: { '/project/Product.x86.msi': msi('Intel;1033'), '/project/Product.x64.msi': msi('x64;1033') },
  },
];

const RUNS_ON_32 = (id: string, file: string, how: string, condition: string, fix: string) =>
  `MsiPackage '${id}' is a 64-bit package that Burn also runs on 32-bit Windows It chains ${file} (the Template summary ` +
  `property '${how}'), and ${condition}, so Burn runs it on 32-bit Windows too: Windows Installer refuses a 64-bit package ` +
  `there, and the bundle fails. Give it ${fix}.`;

const invalid: InvalidCase[] = [
  {
    name: 'v3: a 64-bit package without an InstallCondition',
    code: v3Bundle('      <⟦x64:MsiPackage⟧ SourceFile="out\\Demo-x64.msi" />'),
    packages: PACKAGES,
    problems: [
      {
        at: 'x64',
        message: RUNS_ON_32('Demo-x64.msi', 'out/Demo-x64.msi', 'x64;1033', 'it has no InstallCondition', 'InstallCondition="VersionNT64"'),
      },
    ],
  },
  {
    name: 'v3: Name alone is read from SourceDir, that is, the bind paths',
    code: v3Bundle('      <⟦x64:MsiPackage⟧ Name="Demo-x64.msi" />'),
    bindPaths: [{ name: undefined, path: '/project/out' }],
    packages: PACKAGES,
    problems: [
      {
        at: 'x64',
        message: RUNS_ON_32('Demo-x64.msi', 'out/Demo-x64.msi', 'x64;1033', 'it has no InstallCondition', 'InstallCondition="VersionNT64"'),
      },
    ],
  },
  {
    name: 'v4: an Arm64 package in an MsiPackagePayload, whose condition holds on 32-bit Windows',
    code: v4Bundle(`      <MsiPackage Id="Arm" ⟦c:InstallCondition="VersionNT &gt;= v10.0"⟧>
        <MsiPackagePayload SourceFile="out\\Demo-arm64.msi" />
      </MsiPackage>`),
    packages: PACKAGES,
    problems: [
      {
        at: 'c',
        message: RUNS_ON_32(
          'Arm',
          'out/Demo-arm64.msi',
          'Arm64;1033',
          'its InstallCondition "VersionNT >= v10.0" holds on 32-bit Windows',
          'InstallCondition="(VersionNT >= v10.0) AND VersionNT64"',
        ),
      },
    ],
  },
  {
    name: 'the 32- and 64-bit builds of one product, both installing on 64-bit Windows, from a PackageGroup in a fragment',
    files: {
      '/project/Bundle.wxs': v3Bundle('      <PackageGroupRef Id="Demo" />'),
      '/project/Packages.wxs': v3Fragment(`    <PackageGroup Id="Demo">
      <⟦x86:MsiPackage⟧ Id="Demo32" SourceFile="out\\Demo-x86.msi" />
      <MsiPackage Id="Demo64" ⟦x64:InstallCondition="VersionNT64"⟧ SourceFile="out\\Demo-x64.msi" />
    </PackageGroup>`),
    },
    packages: PACKAGES,
    problems: [
      {
        at: 'x86',
        message:
          "MsiPackage 'Demo32' (32-bit) and 'Demo64' (64-bit) both install on 64-bit Windows out/Demo-x86.msi and out/Demo-x64.msi " +
          `are builds of the same product (UpgradeCode ${UPGRADE}): the second one installed upgrades the first away, or they ` +
          'share every folder and registry key. Give this one InstallCondition="NOT VersionNT64" and the 64-bit one InstallCondition="VersionNT64".',
      },
    ],
  },
];

runRuleTests(bundleIsa, { valid, invalid });
