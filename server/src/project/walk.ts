// Finds the files a folder contributes (WiX sources, projects, packages), the same way for the CLI and the editor.
import * as path from 'node:path';
import type { MsBuildHost } from './msbuild';

/** Folders never walked: dependencies and build machinery, not installer sources. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

export interface WalkOptions {
  /** Lower-case extensions to collect, with the dot. */
  extensions: readonly string[];
  /** Whether a file or folder (absolute path) is ignored. */
  ignored?: (file: string) => boolean;
  /** The most files collected; the walk stops there and says so. */
  limit: number;
}

export interface WalkResult {
  /** Absolute paths, in code-unit order of their path within the folder. */
  files: string[];
  truncated: boolean;
}

/**
 * Every file below `dir` with one of the extensions, skipping dot-folders and node_modules; folder links are not
 * followed (a link cycle cannot hang it). Order does not depend on the machine's locale.
 */
export function walkFolder(fs: MsBuildHost, dir: string, options: WalkOptions): WalkResult {
  const files: string[] = [];
  let truncated = false;
  const visit = (folder: string): void => {
    const entries = fs.readDirectory(folder);
    if (!entries) return;
    const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of sorted) {
      if (truncated) return;
      const full = path.join(folder, e.name);
      if (e.isDirectory) {
        if (SKIPPED_FOLDERS.has(e.name) || e.name.startsWith('.')) continue;
        if (options.ignored?.(full)) continue;
        visit(full);
        continue;
      }
      if (!e.isFile || !options.extensions.includes(path.extname(e.name).toLowerCase())) continue;
      if (options.ignored?.(full)) continue;
      if (files.length >= options.limit) {
        truncated = true;
        return;
      }
      files.push(full);
    }
  };
  visit(dir);
  return { files, truncated };
}
