// Finds the WiX files of the workspace folders (sources and .wixproj files); the project layer turns them into units.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFileSystem } from '../io/fileSystem';
import { walkFolder } from '../project/walk';

export { isFile } from '../io/fileSystem';

/** A workspace this large is probably not one installer; the walk stops here rather than stall the server. */
export const MAX_WORKSPACE_FILES = 5000;

export interface WorkspaceFiles {
  /** Absolute paths of the .wxs files, in walk order. */
  sources: string[];
  /** The .wixproj files found. */
  projectFiles: string[];
  /** Problems worth a line in the log (a walk cut short). */
  warnings: string[];
}

/** The workspace folders as file system paths: workspaceFolders when given, else rootUri, else rootPath. */
export function workspaceRoots(params: {
  workspaceFolders?: readonly { uri: string }[] | null;
  rootUri?: string | null;
  rootPath?: string | null;
}): string[] {
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

/**
 * Walks the folders as the CLI walks a folder it is given: not node_modules, bin, obj or dot-folders, nor what
 * .gitignore and .wixlintignore files exclude. Never throws: unreadable folders are skipped.
 */
export function scanWorkspace(
  roots: readonly string[],
  ignores: (file: string) => boolean = () => false,
  limit = MAX_WORKSPACE_FILES,
): WorkspaceFiles {
  const sources: string[] = [];
  const projectFiles: string[] = [];
  const warnings: string[] = [];
  let left = limit;
  // One host for the scan: an ignore file above several workspace folders is read once.
  const host = nodeFileSystem();
  for (const root of roots) {
    const walked = walkFolder(host, root, {
      extensions: ['.wxs', '.wixproj'],
      ignored: ignores,
      ignoreCase: process.platform === 'win32',
      limit: left,
    });
    for (const f of walked.files) (f.toLowerCase().endsWith('.wxs') ? sources : projectFiles).push(f);
    left -= walked.files.length;
    if (walked.truncated) {
      warnings.push(`wixlint: the workspace has more than ${limit} WiX files; only the first ${limit} are linted.`);
      break;
    }
  }
  return { sources, projectFiles, warnings };
}

/**
 * The workspace folder a file is in, the innermost one when folders nest, as the editor picks the folder whose
 * resource settings apply; undefined for a file outside them all (or not on disk).
 */
export function workspaceFolderOf(file: string, roots: readonly string[]): string | undefined {
  if (!path.isAbsolute(file)) return undefined;
  let found: string | undefined;
  for (const root of roots) {
    const relative = path.relative(fileKey(root), fileKey(file));
    const inside = relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
    if (inside && (found === undefined || root.length > found.length)) found = root;
  }
  return found;
}

/** Windows file names are case-insensitive. */
export function fileKey(file: string): string {
  return process.platform === 'win32' ? file.toLowerCase() : file;
}
