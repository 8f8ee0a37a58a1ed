// Table tests for payload-isa on sources: binaries (tiny PE images in memory) against their component, package, folder
// and registry view, and installed names against the names files were built as.
import { payloadIsa } from '../../server/src/rules/payload-isa';
import { runRuleTests, v3, v4, type Case, type InvalidCase } from '../ruleTester';
import {
  COMIMAGE_FLAGS_32BITREQUIRED,
  COMIMAGE_FLAGS_ILONLY,
  IMAGE_FILE_MACHINE_AMD64,
  IMAGE_FILE_MACHINE_ARM,
  IMAGE_FILE_MACHINE_ARM64,
  IMAGE_FILE_MACHINE_I386,
  IMAGE_SUBSYSTEM_NATIVE,
  peImage,
} from '../payload/peImage';

const X64_EXE = peImage({ machine: IMAGE_FILE_MACHINE_AMD64 });
const X64_DLL = peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true });
const X86_DLL = peImage({ machine: IMAGE_FILE_MACHINE_I386, dll: true });
const ARM64_DLL = peImage({ machine: IMAGE_FILE_MACHINE_ARM64, dll: true });
const X64_DRIVER = peImage({ machine: IMAGE_FILE_MACHINE_AMD64, subsystem: IMAGE_SUBSYSTEM_NATIVE });
const X86_DRIVER = peImage({ machine: IMAGE_FILE_MACHINE_I386, subsystem: IMAGE_SUBSYSTEM_NATIVE });
const ANYCPU = peImage({ machine: IMAGE_FILE_MACHINE_I386, dll: true, clrFlags: COMIMAGE_FLAGS_ILONLY });
const X86_ONLY = peImage({ machine: IMAGE_FILE_MACHINE_I386, dll: true, clrFlags: COMIMAGE_FLAGS_ILONLY | COMIMAGE_FLAGS_32BITREQUIRED });
const MANAGED64 = peImage({ machine: IMAGE_FILE_MACHINE_AMD64, dll: true, clrFlags: COMIMAGE_FLAGS_ILONLY });
const TEXT = new TextEncoder().encode('not a binary\n');

/** A v3 product for the x86 build, with `inner` under ProgramFilesFolder\Demo and a feature referencing group Parts. */
const V3_PF32 = (inner: string) =>
  v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Main" Guid="*">${inner}</Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="F"><ComponentRef Id="Main" /></Feature>`);

/** The same under ProgramFiles64Folder with a 64-bit component (`Platform="x64"`, built for x64). */
const V3_PF64 = (inner: string, folder = 'ProgramFiles64Folder') =>
  v3(
    `    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="${folder}">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Main" Guid="*" Win64="yes">${inner}</Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="F"><ComponentRef Id="Main" /></Feature>`,
    ' Platform="x64"',
  );

const valid: Case[] = [
  {
    name: 'a 64-bit library that keeps its historical 32 name, in a 64-bit component of a 64-bit package',
    code: V3_PF64('<File Id="Eay" Source="openssl\\x64\\libeay32.dll" />'),
    platforms: ['x64'],
    payloads: { '/project/openssl/x64/libeay32.dll': X64_DLL },
  },
  {
    name: 'an AnyCPU .NET assembly in a 32-bit component',
    code: V3_PF32('<File Id="Lib" Source="bin\\x64\\Lib64.dll" Name="Lib64.dll" />'),
    payloads: { '/project/bin/x64/Lib64.dll': ANYCPU },
  },
  {
    name: 'a file that is no binary, whatever its name',
    code: V3_PF32('<File Id="Readme" Source="docs\\readme64.txt" />'),
    payloads: { '/project/docs/readme64.txt': TEXT },
  },
  {
    name: 'a 32-bit helper in a 64-bit component under ProgramFiles64Folder: 32-bit processes run it there',
    code: V3_PF64('<File Id="Helper" Source="helper.exe" />'),
    platforms: ['x64'],
    payloads: { '/project/helper.exe': X86_DLL },
  },
  {
    name: 'a binary for a machine wixlint does not judge (ARM) in a 32-bit component',
    code: V3_PF32('<File Id="Arm" Source="arm\\tool.dll" />'),
    payloads: { '/project/arm/tool.dll': peImage({ machine: IMAGE_FILE_MACHINE_ARM, dll: true }) },
  },
  {
    name: 'a payload that is not found says nothing unless asked',
    code: V3_PF32('<File Id="Gone" Source="bin\\gone.dll" />'),
  },
  {
    name: 'a name with a 32 and a source without a bitness is no contradiction',
    code: V3_PF32('<File Id="Shell" Name="shell32ext.dll" Source="bin\\shellext.dll" />'),
  },
  {
    name: 'words whose 32 or 64 is no bitness: base64, utf32, crc32',
    code: V3_PF32('<File Id="Codec" Name="base64.dll" Source="bin\\base32.dll" /><File Id="Utf" Name="utf32.dll" Source="utf64.dll" />'),
  },
  {
    name: 'a source that names both bitnesses (win32-x64) judged by its ISA word',
    code: V3_PF64('<File Id="Addon" Name="addon-x64.node" Source="build\\addon-win32-x64.node" />'),
    platforms: ['x64'],
  },
  {
    name: 'a source with a variable that has no value here is not looked for',
    code: V3_PF32('<File Id="Var" Source="$(var.Bin)\\tool.dll" />'),
    missingPayloads: true,
  },
];

const NAME_CFIX =
  "File 'cfix32.exe' installs the 64-bit 'cfix64.exe' under the 32-bit name 'cfix32.exe' It is in component 'Main'. " +
  "What loads 'cfix32.exe' by name expects the 32-bit build. Install the file built for the name, or name it for what it is.";

const invalid: InvalidCase[] = [
  {
    name: 'the cfix 1.2 authoring: an amd64 binary under a 32-bit name in a 32-bit component',
    code: V3_PF32('<File Id="cfix32.exe" ⟦name:Name="cfix32.exe"⟧ ⟦src:Source="bin\\amd64\\cfix64.exe"⟧ />'),
    payloads: { '/project/bin/amd64/cfix64.exe': X64_EXE },
    problems: [
      { at: 'name', message: NAME_CFIX, severity: 'warning' },
      {
        at: 'src',
        message:
          "File 'cfix32.exe' is an x64 binary but component 'Main' is 32-bit Read from " +
          'bin/amd64/cfix64.exe. A 32-bit component installs to the 32-bit folders and registry view, ' +
          'for 32-bit processes, which cannot load an x64 binary. Install it from a 64-bit component of ' +
          'the 64-bit package, and the x86 build of the file here.',
        severity: 'error',
      },
    ],
  },
  {
    name: 'v4: the cfix mistake in a File outside a Component, a component of its own that follows the x86 build',
    code: v4(`    <StandardDirectory Id="ProgramFiles6432Folder">
      <Directory Id="INSTALLFOLDER" Name="Demo">
        <File Id="cfix.exe" ⟦src:Source="bin\\amd64\\cfix.exe"⟧ />
      </Directory>
    </StandardDirectory>`),
    payloads: { '/project/bin/amd64/cfix.exe': X64_EXE },
    problems: [
      {
        at: 'src',
        message:
          "File 'cfix.exe' is an x64 binary but component 'cfix.exe' is 32-bit Read from bin/amd64/cfix.exe. A 32-bit " +
          'component installs to the 32-bit folders and registry view, for 32-bit processes, which cannot load an x64 ' +
          'binary. Install it from a 64-bit component of the 64-bit package, and the x86 build of the file here.',
        severity: 'error',
      },
    ],
  },
  {
    name: 'the name alone is reported without the payload',
    code: V3_PF32('<File Id="cfix32.exe" ⟦name:Name="cfix32.exe"⟧ Source="bin\\amd64\\cfix64.exe" />'),
    problems: [{ at: 'name', message: NAME_CFIX, severity: 'warning' }],
  },
  {
    name: 'the reverse: a 32-bit build under a 64-bit name (x86 against amd64 words)',
    code: V3_PF32('<File Id="Tool" ⟦name:Name="tool-amd64.exe"⟧ Source="out\\tool-x86.exe" />'),
    problems: [
      {
        at: 'name',
        messageId: 'nameContradicts',
        data: { file: 'Tool', component: 'Main', name: 'tool-amd64.exe', nameBits: 64, sourceName: 'tool-x86.exe', sourceBits: 32 },
      },
    ],
  },
  {
    name: 'a 64-bit binary in a 64-bit component of a 32-bit package',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Shell64" Guid="*" Win64="yes"><File Id="Ext" ⟦src:Source="ext.dll"⟧ /></Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="F"><ComponentRef Id="Shell64" /></Feature>`),
    payloads: { '/project/ext.dll': ARM64_DLL },
    problems: [
      {
        at: 'src',
        message:
          "File 'Ext' is an arm64 binary but the x86 build makes a 32-bit package Read from ext.dll; it is in component 'Shell64', and the x86 build makes Product 'Demo' a 32-bit package: on 32-bit Windows, where the package installs, it cannot run. Ship it in a 64-bit package (one package per ISA), and the x86 build of the file in this one.",
      },
    ],
  },
  {
    name: 'a 32-bit binary in System64Folder, where 64-bit processes load it',
    code: V3_PF64('<File Id="Hook" ⟦src:Source="hook.dll"⟧ />', 'System64Folder'),
    platforms: ['x64'],
    payloads: { '/project/hook.dll': X86_DLL },
    problems: [
      {
        at: 'src',
        messageId: 'loadedBy64',
        data: { file: 'Hook', component: 'Main', what: 'an x86 binary', readFrom: 'hook.dll', folder: 'System64Folder' },
      },
    ],
  },
  {
    name: 'an x64 kernel driver in a 32-bit component will not load',
    code: V3_PF32('<File Id="Drv" Name="cfixkr32.sys" ⟦src:Source="bin\\amd64\\cfixkr32.sys"⟧ />'),
    payloads: { '/project/bin/amd64/cfixkr32.sys': X64_DRIVER },
    problems: [
      {
        at: 'src',
        message:
          "Kernel driver 'Drv' is an x64 binary but component 'Main' is 32-bit Read from bin/amd64/cfixkr32.sys; it is in component 'Main': on 64-bit Windows it installs to the 32-bit folders (SysWOW64), where no driver is loaded from, and 32-bit Windows cannot load a 64-bit driver at all. Install it from a 64-bit component of the 64-bit package, and the x86 build of the driver here.",
      },
    ],
  },
  {
    name: 'an x86 kernel driver in a 64-bit package will not load on 64-bit Windows',
    code: V3_PF64('<File Id="Drv" ⟦src:Source="drv.sys"⟧ />', 'System64Folder'),
    platforms: ['x64'],
    payloads: { '/project/drv.sys': X86_DRIVER },
    problems: [
      {
        at: 'src',
        messageId: 'driver',
        data: {
          file: 'Drv',
          component: 'Main',
          what: 'an x86 binary',
          readFrom: 'drv.sys',
          where: "component 'Main' is 64-bit",
          why: '64-bit Windows loads only 64-bit drivers.',
          fix: 'Install the 64-bit build of the driver here, and this one from a 32-bit component of the x86 package.',
        },
      },
    ],
  },
  {
    name: 'an x86 kernel driver in a 32-bit component of a 64-bit package will not load on the 64-bit Windows it installs on',
    code: V3_PF64('<File Id="Drv" ⟦src:Source="drv.sys"⟧ />').replace('Win64="yes"', 'Win64="no"'),
    platforms: ['x64'],
    payloads: { '/project/drv.sys': X86_DRIVER },
    problems: [
      {
        at: 'src',
        messageId: 'driver',
        data: {
          file: 'Drv',
          component: 'Main',
          what: 'an x86 binary',
          readFrom: 'drv.sys',
          where: 'Platform="x64" makes a 64-bit package',
          why: '64-bit Windows loads only 64-bit drivers.',
          fix: 'Install the 64-bit build of the driver here, and this one from a 32-bit component of the x86 package.',
        },
      },
    ],
  },
  {
    name: 'a 32-bit COM server registered in the 64-bit view is a dead registration',
    code: V3_PF64(`<File Id="Srv" Source="srv.dll">
            <⟦reg:Class⟧ Id="{11111111-2222-3333-4444-555555555555}" Context="InprocServer32" Description="Demo" />
          </File>`),
    platforms: ['x64'],
    payloads: { '/project/srv.dll': X86_DLL },
    problems: [
      {
        at: 'reg',
        message:
          "COM class {11111111-2222-3333-4444-555555555555} is registered in the 64-bit view but its server is an x86 binary File 'Srv' (srv.dll) is its InprocServer32: 64-bit processes cannot load it, so the registration is dead. Register it from a 32-bit component, or install the 64-bit build of the server here.",
      },
    ],
  },
  {
    name: 'a 64-bit COM server registered with a RegistryValue in the 32-bit view (v4)',
    code: v4(`    <StandardDirectory Id="ProgramFilesFolder"><Directory Id="INSTALLFOLDER" Name="Demo">
      <Component Id="Srv" Bitness="always32">
        <File Id="Srv" Source="srv64.dll" Name="srv64.dll" />
        <⟦reg:RegistryValue⟧ Root="HKCR" Key="CLSID\\{AAAAAAAA-2222-3333-4444-555555555555}\\InprocServer32" Value="[#Srv]" Type="string" />
      </Component>
    </Directory></StandardDirectory>`),
    payloads: { '/project/srv64.dll': MANAGED64 },
    problems: [
      {
        at: 'reg',
        messageId: 'comServer',
        data: {
          clsid: '{AAAAAAAA-2222-3333-4444-555555555555}',
          view: 32,
          file: 'Srv',
          what: 'a 64-bit .NET assembly',
          readFrom: 'srv64.dll',
          fileBits: 64,
        },
      },
    ],
  },
  {
    name: 'an x86-only .NET assembly in System64Folder',
    code: V3_PF64('<File Id="Lib" ⟦src:Source="lib.dll"⟧ />', 'System64Folder'),
    platforms: ['x64'],
    payloads: { '/project/lib.dll': X86_ONLY },
    problems: [
      {
        at: 'src',
        messageId: 'loadedBy64',
        data: { file: 'Lib', component: 'Main', what: 'an x86-only .NET assembly', readFrom: 'lib.dll', folder: 'System64Folder' },
      },
    ],
  },
  {
    name: 'v3 Name-only form: the source is the directories Name chain, found under a bind path without SourceDir',
    code: V3_PF32('<File Id="Tool" ⟦src:Name="tool.dll"⟧ />'),
    bindPaths: [{ name: undefined, path: '/build' }],
    payloads: { '/build/Demo/tool.dll': X64_DLL },
    problems: [
      {
        at: 'src',
        messageId: 'componentIs32',
        data: { file: 'Tool', component: 'Main', what: 'an x64 binary', readFrom: '/build/Demo/tool.dll' },
      },
    ],
  },
  {
    name: 'FileSource on a directory, and !(bindpath.name) in a named bind path',
    code: v3(`    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder" FileSource="payload\\">
        <Directory Id="INSTALLDIR" Name="Demo">
          <Component Id="Main" Guid="*"><File Id="A" ⟦a:Name="a.dll"⟧ /><File Id="B" ⟦b:Source="!(bindpath.bin)\\amd64\\b.dll"⟧ /></Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="F"><ComponentRef Id="Main" /></Feature>`),
    bindPaths: [{ name: 'BIN', path: '/out/bin' }],
    payloads: { '/project/payload/Demo/a.dll': X64_DLL, '/out/bin/amd64/b.dll': X64_DLL },
    problems: [
      { at: 'a', messageId: 'componentIs32', data: { file: 'A', component: 'Main', what: 'an x64 binary', readFrom: 'payload/Demo/a.dll' } },
      { at: 'b', messageId: 'componentIs32', data: { file: 'B', component: 'Main', what: 'an x64 binary', readFrom: '/out/bin/amd64/b.dll' } },
    ],
  },
  {
    name: 'a payload that is not found, when asked',
    code: V3_PF32('<File Id="Gone" ⟦src:Source="bin\\gone.dll"⟧ />'),
    bindPaths: [{ name: undefined, path: '/out' }],
    missingPayloads: true,
    problems: [
      {
        at: 'src',
        severity: 'info',
        message:
          "The payload of File 'Gone' was not found Looked for 'bin/gone.dll', '/out/bin/gone.dll'. Give the folder it is built in with --bindpath, or \"bindPaths\" in wixlint.config.json, to check it.",
      },
    ],
  },
  {
    name: 'damaged PE headers are said, not judged',
    code: V3_PF32('<File Id="Bad" ⟦src:Source="bad.dll"⟧ />'),
    payloads: { '/project/bad.dll': X64_DLL.slice(0, 0x90) },
    problems: [
      {
        at: 'src',
        severity: 'info',
        message:
          "The payload of File 'Bad' (bad.dll): not checked Its PE headers are damaged (the file header " +
          'at byte 132 is cut: it needs 20 bytes, but only 144 bytes were read).',
      },
    ],
  },
];

runRuleTests(payloadIsa, { valid, invalid });
