// Platforms and bitness: build platforms by the names WiX sources, MSBuild projects and command lines give them, and
// the platform tokens a package's Template summary property names.

export type Bitness = 32 | 64;

/** A build platform, as `candle -arch` / `wix build -arch` take it. */
export type BuildArch = 'x86' | 'x64' | 'arm64';
export const BUILD_ARCHES: readonly BuildArch[] = ['x86', 'x64', 'arm64'];

/** x86 (also Win32, Intel), x64 (also AMD64) or arm64; undefined for the platforms wixlint does not lint (ia64, arm). */
export function archOfPlatformName(name: string): BuildArch | undefined {
  switch (name.trim().toLowerCase()) {
    case 'x86':
    case 'win32':
    case 'intel':
      return 'x86';
    case 'x64':
    case 'amd64':
      return 'x64';
    case 'arm64':
      return 'arm64';
    default:
      return undefined;
  }
}

/** A Template platform token and the bitness of the packages it makes. */
export interface PlatformToken {
  /** Intel, x64, Intel64, Arm or Arm64, as Windows Installer spells them. */
  token: string;
  bitness: Bitness;
}

const TOKENS: Readonly<Record<string, PlatformToken>> = {
  Intel: { token: 'Intel', bitness: 32 },
  x64: { token: 'x64', bitness: 64 },
  Intel64: { token: 'Intel64', bitness: 64 },
  Arm: { token: 'Arm', bitness: 32 },
  Arm64: { token: 'Arm64', bitness: 64 },
};

/** The names a Template may give before its ';', lower case: the tokens, AMD64 for x64, and none for Intel. */
const TEMPLATE_NAMES: Readonly<Record<string, string>> = {
  '': 'Intel',
  intel: 'Intel',
  x64: 'x64',
  amd64: 'x64',
  intel64: 'Intel64',
  arm: 'Arm',
  arm64: 'Arm64',
};

/** The names WiX v3's Package/@Platform takes, lower case, and the token each makes. */
const WIX3_PLATFORM_NAMES: Readonly<Record<string, string>> = {
  x86: 'Intel',
  intel: 'Intel',
  x64: 'x64',
  amd64: 'x64',
  ia64: 'Intel64',
  intel64: 'Intel64',
  arm: 'Arm',
  arm64: 'Arm64',
};

const ARCH_TOKENS: Readonly<Record<BuildArch, string>> = { x86: 'Intel', x64: 'x64', arm64: 'Arm64' };

/** The platform a Template summary value names before its ';' ('x64;1033': x64, 64-bit); undefined when not a known one. */
export function templatePlatform(template: string): PlatformToken | undefined {
  return tokenNamed(TEMPLATE_NAMES, template.split(';')[0]!.trim().toLowerCase());
}

/** The platform a WiX v3 Package/@Platform value names (x86, x64, ia64, arm64…, any case); undefined when not one. */
export function wix3PlatformToken(platform: string): PlatformToken | undefined {
  return tokenNamed(WIX3_PLATFORM_NAMES, platform.trim().toLowerCase());
}

/** The token a build for this platform writes in the Template. */
export function archPlatformToken(arch: BuildArch): PlatformToken {
  return TOKENS[ARCH_TOKENS[arch]]!;
}

function tokenNamed(names: Readonly<Record<string, string>>, key: string): PlatformToken | undefined {
  // Own entries only: a hostile value such as 'constructor' is no platform.
  return Object.hasOwn(names, key) ? TOKENS[names[key]!] : undefined;
}
