// Wildcards as MSBuild items and wixlint.config.json write them (`*`, `?`, `**`), over paths with '/' separators.

/** A glob over a whole path: `*` and `?` stay within one folder, `**` spans any number of folders (none included). */
export function globToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
}

/** Whether a path has a wildcard. */
export function hasWildcard(p: string): boolean {
  return /[*?]/.test(p);
}

/** The folder part of a glob before its first wildcard: where a walk for it starts. */
export function globBase(pattern: string): string {
  const at = pattern.search(/[*?]/);
  if (at < 0) return pattern.slice(0, pattern.lastIndexOf('/') + 1) || '/';
  return pattern.slice(0, pattern.lastIndexOf('/', at) + 1) || '/';
}

/** Paths with '/' separators, whatever the OS writes. */
export function slashes(p: string): string {
  return p.replace(/\\/g, '/');
}

/** Whether a pattern matches a path or one of the folders it is in (an ignored folder ignores its files). */
export function matchesPathOrFolder(pattern: RegExp, file: string): boolean {
  let p = slashes(file);
  for (;;) {
    if (pattern.test(p)) return true;
    const slash = p.lastIndexOf('/');
    if (slash <= 0) return false;
    p = p.slice(0, slash);
  }
}
