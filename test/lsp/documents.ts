// Documents the editor tests open: the same WiX text for every client, so their results can be compared.

/** A WiX v3 x86 package with a 64-bit component: isa-mixing, and ICE80 twice (32-bit folder, 32-bit package). */
export const ISA_MIXING_PRODUCT = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
  '  <Product Id="*" Name="Demo" Language="1033" Version="1.0.0" Manufacturer="Acme" UpgradeCode="{11111111-2222-3333-4444-555555555555}">',
  '    <Package InstallerVersion="200" Compressed="yes" />',
  '    <Directory Id="TARGETDIR" Name="SourceDir">',
  '      <Directory Id="ProgramFilesFolder">',
  '        <Directory Id="INSTALLFOLDER" Name="Demo">',
  '          <Component Id="Core64" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}" Win64="yes">',
  '            <File Id="CoreDll" Source="core.dll" KeyPath="yes" />',
  '          </Component>',
  '        </Directory>',
  '      </Directory>',
  '    </Directory>',
  '    <Feature Id="Main" Level="1">',
  '      <ComponentRef Id="Core64" />',
  '    </Feature>',
  '  </Product>',
  '</Wix>',
  '',
].join('\n');
