// An in-memory file system for the project layer's tests: files by absolute path, folders implied by them.
import * as path from 'node:path';
import type { DirectoryEntry, MsBuildHost } from '../../server/src/project/msbuild';

/** A host over `files` (absolute paths, '/' separators); `reads` counts the reads of each file. */
export function memoryFs(files: Record<string, string>): MsBuildHost & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const byPath = new Map(Object.entries(files).map(([p, t]) => [path.resolve(p), t]));
  return {
    reads,
    readFile(file) {
      const text = byPath.get(path.resolve(file));
      if (text !== undefined) reads.set(file, (reads.get(file) ?? 0) + 1);
      return text;
    },
    readDirectory(dir) {
      const resolved = path.resolve(dir);
      // The root ends with a separator already.
      const prefix = resolved.endsWith(path.sep) ? resolved : resolved + path.sep;
      const entries = new Map<string, DirectoryEntry>();
      for (const file of byPath.keys()) {
        if (!file.startsWith(prefix)) continue;
        const rest = file.slice(prefix.length);
        const slash = rest.indexOf(path.sep);
        const name = slash < 0 ? rest : rest.slice(0, slash);
        if (!entries.has(name)) entries.set(name, { name, isDirectory: slash >= 0, isFile: slash < 0 });
      }
      return entries.size > 0 || path.resolve(dir) === path.parse(path.resolve(dir)).root ? [...entries.values()] : undefined;
    },
  };
}
