// Wildcards over paths with '/' separators: as MSBuild items and wixlint.config.json write them (`*`, `?`, `**`), and as
// .gitignore files and shells write them (also `[...]`, `\` escapes and, for shells, `{a,b}`).

/**
 * How a glob is read. `msbuild`: `*`, `?` and `**` anywhere (MSBuild items, wixlint.config.json). `posix`: as git and
 * shells read one: also `[...]` classes and `\` escapes, and `**` only as a whole path segment (elsewhere it is two
 * `*`). Braces are expanded before, by `expandBraces`.
 */
export type GlobSyntax = 'msbuild' | 'posix';

/** A glob over a whole path: `*` and `?` stay within one folder, `**` spans any number of folders (none included). */
export function globToRegExp(pattern: string, ignoreCase: boolean, syntax: GlobSyntax = 'msbuild'): RegExp {
  const posix = syntax === 'posix';
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*' && (!posix || isWholeSegment(pattern, i))) {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      source += '[^/]*';
      while (pattern[i + 1] === '*') i++;
    } else if (c === '?') source += '[^/]';
    else if (posix && c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (posix && c === '[' && classEnd(pattern, i) > 0) {
      const end = classEnd(pattern, i);
      source += classToRegExp(pattern.slice(i + 1, end));
      i = end;
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
}

/** Whether the `**` at `at` is a whole path segment (`**`, `a/**`, `**` + `/b`), the only place git reads it as any folders. */
function isWholeSegment(pattern: string, at: number): boolean {
  return (at === 0 || pattern[at - 1] === '/') && (at + 2 === pattern.length || pattern[at + 2] === '/');
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where the class opened at `open` closes (a `]` first in it, or after `!`/`^`, is a member); -1 when it never does. */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return -1;
}

/**
 * A `[...]` class (its inside) as a regular expression; like `*` and `?`, it never matches a '/'. A range written
 * backwards (`z-a`) has no members, as git reads it.
 */
function classToRegExp(inside: string): string {
  const negated = inside[0] === '!' || inside[0] === '^';
  const chars: { c: string; escaped: boolean }[] = [];
  for (let i = negated ? 1 : 0; i < inside.length; i++) {
    const escaped = inside[i] === '\\' && i + 1 < inside.length;
    chars.push({ c: escaped ? inside[++i]! : inside[i]!, escaped });
  }
  let members = '';
  for (let i = 0; i < chars.length; i++) {
    const from = chars[i]!.c;
    const dash = chars[i + 1];
    if (dash && dash.c === '-' && !dash.escaped && i + 2 < chars.length) {
      const to = chars[i + 2]!.c;
      if (from <= to) members += `${classMember(from)}-${classMember(to)}`;
      i += 2;
    } else members += classMember(from);
  }
  return negated ? `[^/${members}]` : members === '' ? '(?!)' : `(?!/)[${members}]`;
}

function classMember(c: string): string {
  return c.replace(/[\\\]^[-]/g, '\\$&');
}

/** Whether a path has a wildcard of MSBuild's (`*`, `?`). */
export function hasWildcard(p: string): boolean {
  return /[*?]/.test(p);
}

/** Whether a path, as a shell or ESLint reads it, is a glob: an unescaped `*`, `?`, `[` or `{`. */
export function hasGlobSyntax(p: string): boolean {
  return firstSpecial(p) >= 0;
}

function firstSpecial(p: string): number {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if ('*?[{'.includes(p[i]!)) return i;
  }
  return -1;
}

/**
 * A posix glob split where a walk for it starts: `base`, the folders before its first wildcard, unescaped, with its
 * trailing '/' ('' for the working folder), and `rest`, the glob below it ('' when there is no wildcard: `base` is
 * then the whole path).
 */
export function splitGlob(pattern: string): { base: string; rest: string } {
  const at = firstSpecial(pattern);
  if (at < 0) return { base: unescapeGlob(pattern), rest: '' };
  const slash = pattern.lastIndexOf('/', at);
  return { base: unescapeGlob(pattern.slice(0, slash + 1)), rest: pattern.slice(slash + 1) };
}

function unescapeGlob(p: string): string {
  return p.replace(/\\(.)/g, '$1');
}

/** The most patterns `expandBraces` makes of one: `{a,b}{c,d}...` multiplies, and a command line is no place for more. */
export const MAX_BRACE_EXPANSIONS = 256;

/**
 * A glob's `{a,b}` alternatives written out, as a shell expands them: `src/{a,b}/*.wxs` is `src/a/*.wxs` and
 * `src/b/*.wxs`, in that order; nested braces too. Braces without a comma, and escaped ones, stay as written.
 * undefined when there would be more than MAX_BRACE_EXPANSIONS.
 */
export function expandBraces(pattern: string): string[] | undefined {
  const group = firstBraceGroup(pattern);
  if (!group) return [pattern];
  const out: string[] = [];
  for (const alternative of group.alternatives) {
    const expanded = expandBraces(pattern.slice(0, group.open) + alternative + pattern.slice(group.close + 1));
    if (!expanded || out.length + expanded.length > MAX_BRACE_EXPANSIONS) return undefined;
    out.push(...expanded);
  }
  return out;
}

/** The first `{...}` with a comma at its own level: where it opens and closes, and its alternatives as written. */
function firstBraceGroup(pattern: string): { open: number; close: number; alternatives: string[] } | undefined {
  for (let open = 0; open < pattern.length; open++) {
    if (pattern[open] === '\\') open++;
    else if (pattern[open] === '{') {
      const commas: number[] = [];
      let depth = 0;
      for (let i = open + 1; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '\\') i++;
        else if (c === '{') depth++;
        else if (c === ',' && depth === 0) commas.push(i);
        else if (c === '}' && depth-- === 0) {
          if (commas.length === 0) break;
          const cuts = [open, ...commas, i];
          return { open, close: i, alternatives: cuts.slice(1).map((cut, k) => pattern.slice(cuts[k]! + 1, cut)) };
        }
      }
    }
  }
  return undefined;
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
