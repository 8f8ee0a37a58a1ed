// Hand-built problems shared by the formatter tests: two source files and a built package, every severity.
import type { Problem } from '../../server/src/engine/problem';
import type { SourceLocation } from '../../server/src/model/installer';

export const PRODUCT = 'src/Product.wxs';
export const SHARED = 'src/Shared.wxi';
export const PACKAGE = 'build/Contoso.msi';

export const productText = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">',
  '  <Package Name="Contoso" Version="1.0.0" Manufacturer="Contoso">',
  '    <StandardDirectory Id="ProgramFilesFolder">',
  '      <Directory Id="INSTALLFOLDER" Name="Contoso">',
  '        <Component Id="Core32">',
  '          <File Source="core32.dll" />',
  '        </Component>',
  '        <Component Id="Core64" Bitness="always64">',
  '          <File Source="core64.dll" />',
  '          <RegistryValue Root="HKLM" Key="Software\\Classes\\CLSID\\{0}" Value="x" />',
  '        </Component>',
  '      </Directory>',
  '    </StandardDirectory>',
  '  </Package>',
  '</Wix>',
].join('\n');

export const sharedText = [
  '<?xml version="1.0"?>',
  '<Include>',
  '  <RegistryValue Root="HKLM" Key="Software\\Classes\\CLSID\\{0}" Value="y" />',
  '</Include>',
].join('\n');

export const texts = new Map([
  [PRODUCT, productText],
  [SHARED, sharedText],
]);

/** The location of `needle` (its first occurrence) in a sample file, so offsets never have to be counted by hand. */
export function at(file: string, needle: string, endNeedle?: string): SourceLocation {
  const text = texts.get(file)!;
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`${needle} not in ${file}`);
  const end = endNeedle === undefined ? start + needle.length : text.indexOf(endNeedle, start) + endNeedle.length;
  return { kind: 'source', file, start, end };
}

export const problems: Problem[] = [
  {
    ruleId: 'isa-mixing',
    severity: 'error',
    message: "Package 'Contoso' is 32-bit but contains 64-bit component 'Core64'.",
    note: 'On 32-bit Windows the 64-bit flag is ignored, and there is no registry redirection: the two components share every key.',
    help: 'Build one package per ISA.',
    platforms: ['x86'],
    location: at(PRODUCT, 'Package'),
    related: [],
  },
  {
    ruleId: 'ice80',
    severity: 'info',
    message: "Component 'Core32' has no explicit bitness.",
    platforms: ['x86', 'x64'],
    location: at(PRODUCT, '<Component Id="Core32">', '</Component>'),
    related: [],
  },
  {
    ruleId: 'ice80',
    severity: 'error',
    message: "Component 'Core64' is 64-bit but installs to 'INSTALLFOLDER', a 32-bit folder.",
    platforms: ['x86', 'x64'],
    location: at(PRODUCT, 'Bitness="always64"'),
    related: [{ location: at(PRODUCT, 'Id="INSTALLFOLDER"'), message: "'INSTALLFOLDER' is under ProgramFilesFolder." }],
  },
  {
    ruleId: 'com-overwrite',
    severity: 'warning',
    message: 'CLSID {0} is written by a 32-bit and a 64-bit component.',
    platforms: ['x64'],
    location: at(PRODUCT, '<RegistryValue'),
    related: [
      { location: at(SHARED, '<RegistryValue'), message: 'The other write.' },
      { location: { kind: 'row', file: PACKAGE, table: 'Registry', key: 'reg1' }, message: 'As built.' },
    ],
  },
  {
    ruleId: 'com-overwrite',
    severity: 'warning',
    message: 'Written here for every platform.',
    platforms: ['x86', 'x64', 'arm64'],
    location: at(SHARED, '<RegistryValue'),
    related: [],
  },
  {
    ruleId: 'ice80',
    severity: 'error',
    message: "64-bit component 'Core64' in a 32-bit package.",
    platforms: [],
    location: { kind: 'row', file: PACKAGE, table: 'Component', key: 'Core64' },
    related: [],
  },
  {
    ruleId: 'isa-mixing',
    severity: 'info',
    message: 'Template is Intel;1033.',
    platforms: [],
    location: { kind: 'row', file: PACKAGE, table: '_SummaryInformation', key: '7' },
    related: [],
  },
];
