// Finds the project the language server links: the Compile items of the workspace's .wixproj files, else every .wxs below its folders.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_ARCHES, type BuildArch } from '../model/installer';
import { decodeText } from '../wix/sourceText';
import { readWixProject } from '../wix/wixproj';
import { attributeValueOf, parseXml, type XmlElement } from '../wix/xml';

/** A workspace this large is probably not one installer; the walk stops here rather than stall the server. */
export const MAX_WORKSPACE_FILES = 5000;

const SKIPPED_FOLDERS = new Set(['node_modules']);
/** An SDK-style project (no Compile items) compiles every .wxs below it except its build output. */
const SDK_EXCLUDED_FOLDERS = new Set(['bin', 'obj']);

export interface WorkspaceProject {
  /** Absolute paths of the sources to link, sorted, each once. */
  files: string[];
  /** The .wixproj files found, sorted. */
  projectFiles: string[];
  /** Platforms the .wixproj files name, in x86, x64, arm64 order; empty without a project. */
  platforms: BuildArch[];
  /** DefineConstants of the projects' unconditional PropertyGroups (a later project wins a clash). */
  defines: Record<string, string>;
  /** Problems worth a line in the log (a walk cut short, a Compile item that does not exist). */
  warnings: string[];
}

/** The workspace folders as file system paths: workspaceFolders when given, else rootUri, else rootPath. */
export function workspaceRoots(params: { workspaceFolders?: readonly { uri: string }[] | null; rootUri?: string | null; rootPath?: string | null }): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots: string[] = [];
  for (const uri of uris) {
    if (!uri.startsWith('file:')) continue;
    try {
      roots.push(fileURLToPath(uri));
    } catch {
      // Not a local file URI: nothing on disk to scan.
    }
  }
  if (uris.length === 0 && params.rootPath) roots.push(path.resolve(params.rootPath));
  return roots;
}

/** Walks the folders and works out the project. Never throws: unreadable folders and projects are skipped. */
export function scanWorkspace(roots: readonly string[], limit = MAX_WORKSPACE_FILES): WorkspaceProject {
  const sources: string[] = [];
  const projectFiles: string[] = [];
  const warnings: string[] = [];
  const walk = { count: 0, truncated: false };
  for (const root of roots) collect(root, sources, projectFiles, walk, limit);
  if (walk.truncated) warnings.push(`wixlint: the workspace has more than ${limit} WiX files; only the first ${limit} are linted.`);

  const files = new Map<string, string>();
  const add = (file: string): void => {
    const key = fileKey(file);
    if (!files.has(key)) files.set(key, file);
  };
  const found = new Set<BuildArch>();
  const defines = new Map<string, string>();
  projectFiles.sort();
  for (const projectFile of projectFiles) {
    let text: string;
    try {
      text = decodeText(fs.readFileSync(projectFile));
    } catch (error) {
      warnings.push(`wixlint: cannot read ${projectFile}: ${String(error)}`);
      continue;
    }
    const project = readWixProject(projectFile, text);
    for (const a of project.platforms) found.add(a);
    for (const [name, value] of projectDefines(projectFile, text)) defines.set(name, value);
    const dir = path.dirname(projectFile);
    if (project.compile.length === 0) {
      for (const file of sources) if (isSdkDefaultItem(dir, file)) add(file);
      continue;
    }
    for (const include of project.compile) {
      // MSBuild paths use backslashes whatever the OS; `;` separates several items in one Include.
      for (const item of include.split(';').map((s) => s.trim().replace(/[\\/]+/g, path.sep)).filter((s) => s !== '')) {
        if (item.includes('$(')) {
          warnings.push(`wixlint: ${projectFile}: Compile item '${item}' uses an MSBuild property; it is not linted.`);
        } else if (/[*?]/.test(item)) {
          const pattern = globPattern(path.resolve(dir, item));
          for (const file of sources) if (pattern.test(file)) add(file);
        } else {
          const file = path.resolve(dir, item);
          if (isFile(file)) add(file);
          else warnings.push(`wixlint: ${projectFile}: Compile item '${item}' does not exist.`);
        }
      }
    }
  }
  if (projectFiles.length === 0) for (const file of sources) add(file);
  return {
    files: [...files.values()].sort(),
    projectFiles,
    platforms: BUILD_ARCHES.filter((a) => found.has(a)),
    defines: Object.fromEntries(defines),
    warnings,
  };
}

/** The DefineConstants of PropertyGroups with no Condition on them or their parents: `A=1;B` is A = "1" and B = "". */
export function projectDefines(file: string, text: string): Map<string, string> {
  const defines = new Map<string, string>();
  const visit = (el: XmlElement): void => {
    if (attributeValueOf(el, 'Condition') !== undefined) return;
    if (el.local === 'DefineConstants') {
      let value = '';
      for (const c of el.children) if (c.type === 'text') value += c.value;
      for (const part of value.split(';')) {
        // `$(DefineConstants)` chains the previous value in; it adds nothing of its own.
        if (part.includes('$(')) continue;
        const eq = part.indexOf('=');
        const name = (eq < 0 ? part : part.slice(0, eq)).trim();
        if (name !== '') defines.set(name, eq < 0 ? '' : part.slice(eq + 1).trim());
      }
      return;
    }
    for (const c of el.children) if (c.type === 'element') visit(c);
  };
  const root = parseXml(file, text).root;
  if (root) visit(root);
  return defines;
}

function collect(dir: string, sources: string[], projects: string[], walk: { count: number; truncated: boolean }, limit: number): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // Code-unit order: which files a capped walk keeps must not depend on the machine.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (walk.truncated) return;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Symlinked folders are not followed (entry.isDirectory() is false for them), so a link cycle cannot hang the walk.
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) collect(full, sources, projects, walk, limit);
      continue;
    }
    const ext = path.extname(entry.name).toLowerCase();
    if (ext !== '.wxs' && ext !== '.wixproj') continue;
    if (!(entry.isFile() || (entry.isSymbolicLink() && isFile(full)))) continue;
    if (walk.count >= limit) {
      walk.truncated = true;
      return;
    }
    walk.count++;
    (ext === '.wxs' ? sources : projects).push(full);
  }
}

function isSdkDefaultItem(projectDir: string, file: string): boolean {
  const rel = path.relative(projectDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  return parts.length === 1 || !SDK_EXCLUDED_FOLDERS.has(parts[0]!.toLowerCase());
}

/** An MSBuild wildcard (`*`, `?`, `**`) over an absolute path, as a regular expression. */
function globPattern(pattern: string): RegExp {
  const sep = path.sep === '\\' ? '\\\\' : '/';
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders, none included.
      const slash = pattern[i + 2] === path.sep;
      source += slash ? `(?:.*${sep})?` : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += `[^${sep}]*`;
    else if (c === '?') source += `[^${sep}]`;
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, process.platform === 'win32' ? 'i' : '');
}

/** Whether a regular file is at this path. */
export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Windows file names are case-insensitive. */
export function fileKey(file: string): string {
  return process.platform === 'win32' ? file.toLowerCase() : file;
}
