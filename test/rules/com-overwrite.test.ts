// Table tests for com-overwrite: 32- and 64-bit components writing the same registry location where one view serves both.
import { comOverwrite } from '../../server/src/rules/com-overwrite';
import { runRuleTests, v3, v4, type Case, type InvalidCase } from '../ruleTester';

const CLSID = '{B09BAAE7-5C1A-4F64-9E3D-2A7C51F0D8A4}';
const LIBID = '{6E2C1F9A-3B4D-4A7E-8C15-0F9D2B3A4C5E}';
const APPID = '{0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9}';

/** A v3 product with a directory for components, and `body` inside it. */
const v3Product = (body: string, pkg = '') =>
  v3(
    `    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFilesFolder"><Directory Id="INSTALLDIR" Name="Demo">
${body}
    </Directory></Directory></Directory>`,
    pkg,
  );

/** A v3 component of the given Win64 value (and condition) holding `inner`. */
const comp = (id: string, win64: 'yes' | 'no', inner: string, condition?: string) =>
  `      <Component Id="${id}" Guid="*" Win64="${win64}"><File Id="${id}Dll" Source="${id}.dll" />
${condition !== undefined ? `        <Condition>${condition}</Condition>\n` : ''}${inner}
      </Component>`;

const inproc = (key = `CLSID\\${CLSID}\\InprocServer32`, value = '[#Dll]', marker?: string) =>
  `        <${marker ? `⟦${marker}:RegistryKey⟧` : 'RegistryKey'} Root="HKCR" Key="${key}"><RegistryValue Type="string" Value="${value}" /></RegistryKey>`;

/** A v3 component of the given Win64 value whose File holds COM authoring. */
const server = (id: string, win64: 'yes' | 'no', com: string) =>
  `      <Component Id="${id}" Guid="*" Win64="${win64}"><File Id="${id}Dll" Source="${id}.dll">
${com}
      </File></Component>`;

const CLASS = (marker?: string, context = 'InprocServer32') =>
  `        <${marker ? `⟦${marker}:Class⟧` : 'Class'} Id="${CLSID}" Context="${context}" ThreadingModel="apartment" Description="Contoso Shell Extension">
          <ProgId Id="Contoso.ShellExt.1" Description="Contoso Shell Extension"><ProgId Id="Contoso.ShellExt" /></ProgId>
        </Class>`;

const ON_32 = 'on 32-bit Windows, which ignores the 64-bit flag and has no registry redirection, they write the same key';
const ON_64 = 'on 64-bit Windows this key is shared by the 32- and 64-bit registry views';

const valid: Case[] = [
  {
    name: 'Class twins in an x64 package: CLSID keys are redirected and the ProgIds say the same',
    code: v3Product(server('Shell32', 'no', CLASS()) + '\n' + server('Shell64', 'yes', CLASS()), ' Platform="x64"'),
  },
  {
    name: 'Class twins with VersionNT64 / NOT VersionNT64 conditions (v4 attribute form)',
    code: v4(`    <StandardDirectory Id="ProgramFiles6432Folder"><Directory Id="INSTALLFOLDER" Name="Demo">
      <Component Id="Shell32" Bitness="always32" Condition="NOT VersionNT64"><File Id="S32" Source="s32.dll">${CLASS()}</File></Component>
      <Component Id="Shell64" Bitness="always64" Condition="VersionNT64"><File Id="S64" Source="s64.dll">${CLASS()}</File></Component>
    </Directory></StandardDirectory>`),
  },
  {
    name: 'the same key written by two 32-bit components is not this rule',
    code: v3Product(comp('A', 'no', inproc()) + '\n' + comp('B', 'no', inproc())),
  },
  {
    name: 'VersionNT64 / NOT VersionNT64 conditions keep the twins from ever installing together',
    code: v3Product(comp('Shell32', 'no', inproc(), 'NOT VersionNT64') + '\n' + comp('Shell64', 'yes', inproc(), 'VersionNT64')),
    platforms: ['x86', 'x64'],
  },
  {
    name: 'decidable comparisons are mutually exclusive too (Msix64, VersionNT64 >= 601)',
    code: v3Product(
      comp('Shell32', 'no', inproc(), '(NOT Msix64) AND (NOT VersionNT64)') + '\n' + comp('Shell64', 'yes', inproc(), 'VersionNT64 &gt;= 601'),
    ),
  },
  {
    name: 'a 64-bit component that needs 64-bit Windows (VersionNT64) never installs on 32-bit Windows, whatever the other needs',
    code: v3Product(comp('Shell32', 'no', inproc()) + '\n' + comp('Shell64', 'yes', inproc(), 'VersionNT64')),
  },
  {
    name: 'Msix64 is set only on 64-bit Windows too, and a condition of both (VersionNT64 AND Installed) still needs it',
    code: v3Product(
      comp('Shell32', 'no', inproc(), 'NOT Installed') + '\n' + comp('Shell64', 'yes', inproc(), 'Msix64 OR (VersionNT64 AND Installed)'),
    ),
  },
  {
    name: 'in an x64 package CLSID keys are redirected: 32- and 64-bit servers keep separate registrations',
    code: v3Product(comp('Shell32', 'no', inproc()) + '\n' + comp('Shell64', 'yes', inproc()), ' Platform="x64"'),
  },
  {
    name: 'in an x64 package a ProgId written with identical values by both bitnesses is fine',
    code: v3Product(
      comp('Shell32', 'no', inproc('Contoso.ShellExt\\CLSID', CLSID)) + '\n' + comp('Shell64', 'yes', inproc('Contoso.ShellExt\\CLSID', CLSID)),
      ' Platform="x64"',
    ),
    platforms: ['x64'],
  },
  {
    name: 'per user, HKCR is HKCU\\Software\\Classes and does not meet HKLM\\Software\\Classes',
    code: v3Product(
      comp('Shell32', 'no', inproc()) +
        '\n' +
        comp(
          'Shell64',
          'yes',
          `        <RegistryValue Root="HKLM" Key="Software\\Classes\\CLSID\\${CLSID}\\InprocServer32" Type="string" Value="[#Dll]" />`,
        ),
      ' InstallScope="perUser"',
    ),
  },
  {
    name: 'TypeLib leaves differ by bitness (win32 / win64) and do not collide',
    code: v3Product(
      comp('Lib32', 'no', `        <RegistryValue Root="HKCR" Key="TypeLib\\${LIBID}\\1.0\\0\\win32" Type="string" Value="[#Lib32Dll]" />`) +
        '\n' +
        comp('Lib64', 'yes', `        <RegistryValue Root="HKCR" Key="TypeLib\\${LIBID}\\1.0\\0\\win64" Type="string" Value="[#Lib64Dll]" />`),
    ),
  },
  {
    name: 'HKLM\\SOFTWARE outside Classes is redirected on 64-bit Windows',
    code: v3Product(
      comp('A', 'no', '        <RegistryValue Root="HKLM" Key="SOFTWARE\\Contoso\\Shell" Name="Path" Type="string" Value="[INSTALLDIR]x86" />') +
        '\n' +
        comp('B', 'yes', '        <RegistryValue Root="HKLM" Key="SOFTWARE\\Contoso\\Shell" Name="Path" Type="string" Value="[INSTALLDIR]x64" />'),
      ' Platform="x64"',
    ),
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'v3: a Class (InprocServer32, with ProgIds) registered by a 32-bit and a 64-bit component, reported at each Class',
    code: v3Product(server('Shell32', 'no', CLASS('a')) + '\n' + server('Shell64', 'yes', CLASS('b'))),
    problems: [
      {
        at: 'a',
        message:
          `32-bit 'Shell32' and 64-bit 'Shell64' both write HKCR\\CLSID\\${CLSID}\\InprocServer32 They ` +
          "share this key and 9 more, 'Shell32' with the value '[#Shell32Dll]' and 'Shell64' with " +
          `'[#Shell64Dll]': ${ON_32}, so the last one installed wins and uninstalling either removes the ` +
          'registration of both. Build one package per ISA, or give the two components mutually ' +
          'exclusive conditions (VersionNT64 / NOT VersionNT64).',
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\InprocServer32`,
          shared: 'They share this key and 9 more',
          bits: 64,
          component: 'Shell64',
          otherBits: 32,
          other: 'Shell32',
          values: ", 'Shell64' with the value '[#Shell64Dll]' and 'Shell32' with '[#Shell32Dll]'",
          where: ON_32,
        },
      },
    ],
  },
  {
    name: 'v3: a LocalServer32 Class in both bitnesses',
    code: v3Product(server('Srv32', 'no', CLASS('a', 'LocalServer32')) + '\n' + server('Srv64', 'yes', CLASS('b', 'LocalServer32'))),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\LocalServer32`,
          shared: 'They share this key and 9 more',
          bits: 32,
          component: 'Srv32',
          otherBits: 64,
          other: 'Srv64',
          values: `, 'Srv32' with the value '"[#Srv32Dll]"' and 'Srv64' with '"[#Srv64Dll]"'`,
          where: ON_32,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\LocalServer32`,
          shared: 'They share this key and 9 more',
          bits: 64,
          component: 'Srv64',
          otherBits: 32,
          other: 'Srv32',
          values: `, 'Srv64' with the value '"[#Srv64Dll]"' and 'Srv32' with '"[#Srv32Dll]"'`,
          where: ON_32,
        },
      },
    ],
  },
  {
    name: 'the same CLSID through a Class in one component and a raw RegistryKey in the other',
    code: v3Product(server('Shell32', 'no', CLASS('a')) + '\n' + comp('Shell64', 'yes', inproc(undefined, '[#Shell64Dll]', 'b'))),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\InprocServer32`,
          shared: 'They share this key',
          bits: 32,
          component: 'Shell32',
          otherBits: 64,
          other: 'Shell64',
          values: ", 'Shell32' with the value '[#Shell32Dll]' and 'Shell64' with '[#Shell64Dll]'",
          where: ON_32,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\InprocServer32`,
          shared: 'They share this key',
          bits: 64,
          component: 'Shell64',
          otherBits: 32,
          other: 'Shell32',
          values: ", 'Shell64' with the value '[#Shell64Dll]' and 'Shell32' with '[#Shell32Dll]'",
          where: ON_32,
        },
      },
    ],
  },
  {
    name: 'v3: TypeLib elements in both bitnesses: the version keys collide, the win32/win64 leaves do not',
    code: v3Product(
      server(
        'Lib32',
        'no',
        `        <⟦a:TypeLib⟧ Id="${LIBID}" Language="0" MajorVersion="1" MinorVersion="0" Description="Contoso Type Library" />`,
      ) +
        '\n' +
        server(
          'Lib64',
          'yes',
          `        <⟦b:TypeLib⟧ Id="${LIBID}" Language="0" MajorVersion="1" MinorVersion="0" Description="Contoso Type Library" />`,
        ),
    ),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\TypeLib\\${LIBID}\\1.0`,
          shared: 'They share this key and 1 more',
          bits: 32,
          component: 'Lib32',
          otherBits: 64,
          other: 'Lib64',
          values: '',
          where: ON_32,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\TypeLib\\${LIBID}\\1.0`,
          shared: 'They share this key and 1 more',
          bits: 64,
          component: 'Lib64',
          otherBits: 32,
          other: 'Lib32',
          values: '',
          where: ON_32,
        },
      },
    ],
  },
  {
    name: 'v3: an AppId element in both bitnesses with different surrogates',
    code: v3Product(
      server('App32', 'no', `        <⟦a:AppId⟧ Id="${APPID}" Description="Contoso" DllSurrogate="" />`) +
        '\n' +
        server('App64', 'yes', `        <⟦b:AppId⟧ Id="${APPID}" Description="Contoso" DllSurrogate="[#App64Dll]" />`),
    ),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\AppID\\${APPID}`,
          shared: 'They share this key and 1 more',
          bits: 32,
          component: 'App32',
          otherBits: 64,
          other: 'App64',
          values: '',
          where: `${ON_32}, and ${ON_64}`,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\AppID\\${APPID}`,
          shared: 'They share this key and 1 more',
          bits: 64,
          component: 'App64',
          otherBits: 32,
          other: 'App32',
          values: '',
          where: `${ON_32}, and ${ON_64}`,
        },
      },
    ],
  },
  {
    name: 'v3 x86: the same CLSID InprocServer32 written by a 32-bit and a 64-bit component, each reported with the other as related',
    code: v3Product(
      comp('Shell32', 'no', inproc(undefined, '[#Shell32Dll]', 'a')) + '\n' + comp('Shell64', 'yes', inproc(undefined, '[#Shell64Dll]', 'b')),
    ),
    problems: [
      {
        at: 'a',
        message:
          `32-bit 'Shell32' and 64-bit 'Shell64' both write HKCR\\CLSID\\${CLSID}\\InprocServer32 They ` +
          "share this key, 'Shell32' with the value '[#Shell32Dll]' and 'Shell64' with '[#Shell64Dll]': " +
          `${ON_32}, so the last one installed wins and uninstalling either removes the registration of ` +
          'both. Build one package per ISA, or give the two components mutually exclusive conditions ' +
          '(VersionNT64 / NOT VersionNT64).',
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\InprocServer32`,
          shared: 'They share this key',
          bits: 64,
          component: 'Shell64',
          otherBits: 32,
          other: 'Shell32',
          values: ", 'Shell64' with the value '[#Shell64Dll]' and 'Shell32' with '[#Shell32Dll]'",
          where: ON_32,
        },
      },
    ],
    // Either problem offers the guard; after it the two never install on the same Windows.
    fixes: ['a', 'b'].map((at) => ({
      at,
      title: "Guard 'Shell64' with VersionNT64 and 'Shell32' with NOT VersionNT64",
      output: {
        replace: [
          ['Win64="no">', 'Win64="no"><Condition>NOT VersionNT64</Condition>'],
          ['Win64="yes">', 'Win64="yes"><Condition>VersionNT64</Condition>'],
        ],
      },
    })),
  },
  {
    name: 'keys differing only in case and a trailing backslash are the same key',
    code: v3Product(
      comp('A', 'no', `        <⟦a:RegistryValue⟧ Root="HKCR" Key="clsid\\${CLSID.toLowerCase()}\\inprocserver32\\" Type="string" Value="x" />`) +
        '\n' +
        comp('B', 'yes', `        <⟦b:RegistryValue⟧ Root="HKCR" Key="CLSID\\${CLSID}\\InprocServer32" Type="string" Value="x" />`),
    ),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\clsid\\${CLSID.toLowerCase()}\\inprocserver32`,
          shared: 'They share this key',
          bits: 32,
          component: 'A',
          otherBits: 64,
          other: 'B',
          values: '',
          where: ON_32,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\InprocServer32`,
          shared: 'They share this key',
          bits: 64,
          component: 'B',
          otherBits: 32,
          other: 'A',
          values: '',
          where: ON_32,
        },
      },
    ],
  },
  {
    name: 'x64 package: a ProgId shared by both bitnesses with different CLSIDs collides on 64-bit Windows',
    code: v3Product(
      comp('Shell32', 'no', inproc('Contoso.ShellExt\\CLSID', '{11111111-1111-1111-1111-111111111111}', 'a')) +
        '\n' +
        comp('Shell64', 'yes', inproc('Contoso.ShellExt\\CLSID', CLSID, 'b')),
      ' Platform="x64"',
    ),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: 'HKCR\\Contoso.ShellExt\\CLSID',
          shared: 'They share this key',
          bits: 32,
          component: 'Shell32',
          otherBits: 64,
          other: 'Shell64',
          values: `, 'Shell32' with the value '{11111111-1111-1111-1111-111111111111}' and 'Shell64' with '${CLSID}'`,
          where: ON_64,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: 'HKCR\\Contoso.ShellExt\\CLSID',
          shared: 'They share this key',
          bits: 64,
          component: 'Shell64',
          otherBits: 32,
          other: 'Shell32',
          values: `, 'Shell64' with the value '${CLSID}' and 'Shell32' with '{11111111-1111-1111-1111-111111111111}'`,
          where: ON_64,
        },
      },
    ],
  },
  {
    name: 'x86 package, the 64-bit component needs 64-bit Windows: a shared key with different values collides there only',
    code: v3Product(
      comp('A', 'no', `        <⟦a:RegistryValue⟧ Root="HKCR" Key="AppID\\${APPID}" Name="DllSurrogate" Type="string" Value="" />`) +
        '\n' +
        comp(
          'B',
          'yes',
          `        <⟦b:RegistryValue⟧ Root="HKCR" Key="AppID\\${APPID}" Name="DllSurrogate" Type="string" Value="[#BDll]" />`,
          'VersionNT64',
        ),
    ),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\AppID\\${APPID} (value 'DllSurrogate')`,
          shared: 'They share this key',
          bits: 32,
          component: 'A',
          otherBits: 64,
          other: 'B',
          values: ", 'A' with the value '' and 'B' with '[#BDll]'",
          where: ON_64,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\AppID\\${APPID} (value 'DllSurrogate')`,
          shared: 'They share this key',
          bits: 64,
          component: 'B',
          otherBits: 32,
          other: 'A',
          values: ", 'B' with the value '[#BDll]' and 'A' with ''",
          where: ON_64,
        },
      },
    ],
  },
  {
    name: 'x86 package: a shared key with different values collides on both Windows',
    code: v3Product(
      comp('A', 'no', `        <⟦a:RegistryValue⟧ Root="HKCR" Key="AppID\\${APPID}" Name="DllSurrogate" Type="string" Value="" />`) +
        '\n' +
        comp('B', 'yes', `        <⟦b:RegistryValue⟧ Root="HKCR" Key="AppID\\${APPID}" Name="DllSurrogate" Type="string" Value="[#BDll]" />`),
    ),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\AppID\\${APPID} (value 'DllSurrogate')`,
          shared: 'They share this key',
          bits: 32,
          component: 'A',
          otherBits: 64,
          other: 'B',
          values: ", 'A' with the value '' and 'B' with '[#BDll]'",
          where: `${ON_32}, and ${ON_64}`,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\AppID\\${APPID} (value 'DllSurrogate')`,
          shared: 'They share this key',
          bits: 64,
          component: 'B',
          otherBits: 32,
          other: 'A',
          values: ", 'B' with the value '[#BDll]' and 'A' with ''",
          where: `${ON_32}, and ${ON_64}`,
        },
      },
    ],
  },
  {
    name: 'per machine, HKCR and HKLM\\Software\\Classes are the same place; a file extension shared by both',
    code: v3Product(
      comp('A', 'no', '        <⟦a:RegistryValue⟧ Root="HKCR" Key=".ctx" Type="string" Value="Contoso.Doc" />') +
        '\n' +
        comp('B', 'yes', '        <⟦b:RegistryValue⟧ Root="HKLM" Key="SOFTWARE\\Classes\\.ctx" Type="string" Value="Contoso.Doc.64" />'),
      ' InstallScope="perMachine"',
    ),
    platforms: ['x86'],
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: 'HKCR\\.ctx',
          shared: 'They share this key',
          bits: 32,
          component: 'A',
          otherBits: 64,
          other: 'B',
          values: ", 'A' with the value 'Contoso.Doc' and 'B' with 'Contoso.Doc.64'",
          where: `${ON_32}, and ${ON_64}`,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: 'HKLM\\SOFTWARE\\Classes\\.ctx',
          shared: 'They share this key',
          bits: 64,
          component: 'B',
          otherBits: 32,
          other: 'A',
          values: ", 'B' with the value 'Contoso.Doc.64' and 'A' with 'Contoso.Doc'",
          where: `${ON_32}, and ${ON_64}`,
        },
      },
    ],
  },
  {
    name: 'TypeLib: the shared version key collides, the win32/win64 leaves do not',
    code: v3Product(
      comp(
        'Lib32',
        'no',
        `        <⟦a:RegistryKey⟧ Root="HKCR" Key="TypeLib\\${LIBID}\\1.0"><RegistryValue Type="string" Value="Contoso Type Library" />
          <RegistryValue Key="0\\win32" Type="string" Value="[#Lib32Dll]" /></RegistryKey>`,
      ) +
        '\n' +
        comp(
          'Lib64',
          'yes',
          `        <⟦b:RegistryKey⟧ Root="HKCR" Key="TypeLib\\${LIBID}\\1.0"><RegistryValue Type="string" Value="Contoso Type Library" />
          <RegistryValue Key="0\\win64" Type="string" Value="[#Lib64Dll]" /></RegistryKey>`,
        ),
    ),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\TypeLib\\${LIBID}\\1.0`,
          shared: 'They share this key',
          bits: 32,
          component: 'Lib32',
          otherBits: 64,
          other: 'Lib64',
          values: '',
          where: ON_32,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\TypeLib\\${LIBID}\\1.0`,
          shared: 'They share this key',
          bits: 64,
          component: 'Lib64',
          otherBits: 32,
          other: 'Lib32',
          values: '',
          where: ON_32,
        },
      },
    ],
  },
  {
    name: 'v4: Bitness="always32" and "always64" writing one CLSID in the default x86 build',
    code: v4(`    <StandardDirectory Id="ProgramFiles6432Folder"><Directory Id="INSTALLFOLDER" Name="Demo">
      <Component Id="Shell32" Bitness="always32"><File Source="s32.dll" />
        <⟦a:RegistryValue⟧ Root="HKCR" Key="CLSID\\${CLSID}\\InprocServer32" Value="[#s32.dll]" />
      </Component>
      <Component Id="Shell64" Bitness="always64"><File Source="s64.dll" />
        <⟦b:RegistryValue⟧ Root="HKCR" Key="CLSID\\${CLSID}\\InprocServer32" Value="[#s64.dll]" />
      </Component>
    </Directory></StandardDirectory>`),
    problems: [
      {
        at: 'a',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\InprocServer32`,
          shared: 'They share this key',
          bits: 32,
          component: 'Shell32',
          otherBits: 64,
          other: 'Shell64',
          values: ", 'Shell32' with the value '[#s32.dll]' and 'Shell64' with '[#s64.dll]'",
          where: ON_32,
        },
      },
      {
        at: 'b',
        messageId: 'overwrite',
        data: {
          key: `HKCR\\CLSID\\${CLSID}\\InprocServer32`,
          shared: 'They share this key',
          bits: 64,
          component: 'Shell64',
          otherBits: 32,
          other: 'Shell32',
          values: ", 'Shell64' with the value '[#s64.dll]' and 'Shell32' with '[#s32.dll]'",
          where: ON_32,
        },
      },
    ],
  },
];

runRuleTests(comOverwrite, { valid, invalid });
