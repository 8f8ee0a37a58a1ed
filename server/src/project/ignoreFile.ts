// .gitignore and .wixlintignore files (and --ignore-pattern, in the same syntax): which paths below a folder they
// exclude, with each pattern compiled once to a regular expression.
import * as path from 'node:path';
import { globToRegExp, slashes } from './glob';

/** The ignore files a folder walk honours, in the order they apply in one folder: the later wins. */
export const IGNORE_FILE_NAMES = ['.gitignore', '.wixlintignore'] as const;

export interface IgnoreRule {
  /** The pattern as written, for messages. */
  pattern: string;
  /** `!pattern`: re-includes what an earlier rule excluded. */
  negated: boolean;
  /** `pattern/`: matches folders only. */
  folderOnly: boolean;
  /** Over the whole path relative to the ignore file's folder, with '/' separators. */
  regex: RegExp;
}

/** The rules of one ignore file, over paths relative to the folder holding it. */
export class IgnoreFile {
  /** `dir` with '/' separators and a trailing '/': what paths below it start with. */
  private readonly prefix: string;

  constructor(
    /** The absolute folder the patterns are relative to. */
    readonly dir: string,
    readonly rules: readonly IgnoreRule[],
  ) {
    const d = slashes(dir);
    this.prefix = d.endsWith('/') ? d : `${d}/`;
  }

  /** The rules of an ignore file's text, one a line. `ignoreCase` as git's core.ignoreCase (set on Windows). */
  static parse(dir: string, text: string, ignoreCase: boolean): IgnoreFile {
    return IgnoreFile.fromPatterns(dir, text.split(/\r?\n/), ignoreCase);
  }

  /** Patterns given one by one (--ignore-pattern), read as lines of an ignore file in `dir`. */
  static fromPatterns(dir: string, patterns: readonly string[], ignoreCase: boolean): IgnoreFile {
    const rules: IgnoreRule[] = [];
    for (const line of patterns) {
      const rule = parseRule(line, ignoreCase);
      if (rule) rules.push(rule);
    }
    return new IgnoreFile(dir, rules);
  }

  /** An absolute path below `dir`, relative to it with '/' separators; undefined for `dir` itself or a path outside it. */
  relative(file: string): string | undefined {
    const p = slashes(file);
    return p.length > this.prefix.length && p.startsWith(this.prefix) ? p.slice(this.prefix.length) : undefined;
  }

  /** The last rule that matches a path relative to `dir`, negated or not: the one that decides. */
  match(rel: string, isFolder: boolean): IgnoreRule | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i]!;
      if ((isFolder || !rule.folderOnly) && rule.regex.test(rel)) return rule;
    }
    return undefined;
  }

  /**
   * The rule that excludes an absolute path, or a folder on the way to it from `dir`: a path in an excluded folder
   * cannot be re-included. undefined when nothing excludes it, or it is not below `dir`.
   */
  excluding(file: string, isFolder: boolean): IgnoreRule | undefined {
    const rel = this.relative(file);
    if (rel === undefined) return undefined;
    for (let slash = rel.indexOf('/'); slash >= 0; slash = rel.indexOf('/', slash + 1)) {
      const rule = this.match(rel.slice(0, slash), true);
      if (rule && !rule.negated) return rule;
    }
    const rule = this.match(rel, isFolder);
    return rule && !rule.negated ? rule : undefined;
  }
}

/**
 * One line of an ignore file, as git reads it: blank lines and `#` comments are no rule; trailing spaces go unless
 * escaped; `!` negates; a trailing `/` matches folders only; a `/` at the start or in the middle anchors the pattern to
 * the file's folder, else it matches a name at any depth; `\#` and `\!` start a pattern with those characters.
 */
export function parseRule(line: string, ignoreCase: boolean): IgnoreRule | undefined {
  let p = trimTrailingSpaces(line);
  if (p === '' || p.startsWith('#')) return undefined;
  const negated = p.startsWith('!');
  if (negated) p = p.slice(1);
  const folderOnly = p.endsWith('/') && !isEscaped(p, p.length - 1);
  if (folderOnly) p = p.slice(0, -1);
  if (p === '') return undefined;
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  return { pattern: line.trim(), negated, folderOnly, regex: globToRegExp(anchored ? p : `**/${p}`, ignoreCase, 'posix') };
}

/** The line without its trailing spaces, except one escaped with a backslash (`a\ ` is "a "). */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ' && !isEscaped(line, end - 1)) end--;
  return line.slice(0, end);
}

/** Whether the character at `at` follows an odd number of backslashes. */
function isEscaped(s: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && s[at - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/** The ignore files a folder holds (`names`: the files its listing names), in the order they apply. */
export function ignoreFilesIn(dir: string, names: readonly string[], read: (file: string) => string | undefined, ignoreCase: boolean): IgnoreFile[] {
  const out: IgnoreFile[] = [];
  for (const name of IGNORE_FILE_NAMES) {
    if (!names.includes(name)) continue;
    const text = read(path.join(dir, name));
    if (text !== undefined) out.push(IgnoreFile.parse(dir, text, ignoreCase));
  }
  return out;
}

/**
 * Whether ignore files exclude a path, the last file with a matching rule deciding: deeper folders' files come later
 * and override their parents', as in git. Each file sees the path relative to its own folder.
 */
export function excludedBy(files: readonly IgnoreFile[], file: string, isFolder: boolean): boolean {
  for (let i = files.length - 1; i >= 0; i--) {
    const f = files[i]!;
    const rel = f.relative(file);
    if (rel === undefined) continue;
    const rule = f.match(rel, isFolder);
    if (rule) return !rule.negated;
  }
  return false;
}
