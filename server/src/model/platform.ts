// Build platforms by the names WiX sources, MSBuild projects and command lines give them.
import type { BuildArch } from './installer';

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
