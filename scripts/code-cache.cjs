// Writes dist/cli.js.cache: V8's code cache for the CLI bundle, taken after linting a small generated project so that
// it holds the functions a lint runs. Run by the build; a stale or foreign cache is simply not used at run time.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runBundle } = require('./load-bundle.cjs');

const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
const cacheFile = `${bundle}.cache`;
fs.rmSync(cacheFile, { force: true });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-cache-'));
const components = Array.from(
  { length: 50 },
  (_, i) =>
    `          <Component Id="C${i}" Guid="*" Win64="$(var.Win64)"><File Id="F${i}" Source="$(var.Bin)\\f${i}.dll" />` +
    `<RegistryValue Root="HKCU" Key="Software\\Sample\\C${i}" Name="i" Type="integer" Value="1" /></Component>`,
).join('\n');
fs.writeFileSync(
  path.join(dir, 'Sample.wxs'),
  `<?xml version="1.0" encoding="utf-8"?>
<?define Bin = "bin" ?>
<?if $(sys.BUILDARCH) = x64 ?><?define Win64 = "yes" ?><?else?><?define Win64 = "no" ?><?endif?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Sample" Language="1033" Version="1.0.0" Manufacturer="Sample" UpgradeCode="{5B9C6A3E-2D14-4E7B-9C0A-7F3E2B1D4C58}">
    <Package InstallerVersion="200" Compressed="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="Sample">
${components}
          <Component Id="Mixed" Guid="*" Win64="yes"><File Source="x.dll" /></Component>
    </Directory></Directory></Directory>
    <Feature Id="Main"><ComponentRef Id="C0" /></Feature>
  </Product>
</Wix>
`.replace(/\n/g, '\r\n'),
);

process.argv = [process.argv[0], bundle, '--format', 'json', path.join(dir, 'Sample.wxs')];
process.stdout.write = () => true;
const script = runBundle(bundle, undefined);
process.on('beforeExit', () => {
  fs.writeFileSync(cacheFile, script.createCachedData());
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = 0;
});
