// An in-memory file system for the project layer's tests: files by absolute path, folders implied by them.
import * as path from 'node:path';
import { ConfigLookup } from '../../server/src/project/config';
import type { DirectoryEntry, MsBuildHost } from '../../server/src/project/msbuild';
import type { UnitsLintRequest } from '../../server/src/project/lint';
import { discoverUnits, type LintUnit } from '../../server/src/project/units';
import { parseXml } from '../../server/src/wix/xml';

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

/**
 * The units of `sources` (absolute paths) among in-memory `files`, with no config or project given, and a lint request
 * over them with no overrides: what the CLI makes of the files given alone.
 */
export function memoryUnits(
  files: Record<string, string>,
  sources: readonly string[],
): { units: LintUnit[]; request: UnitsLintRequest & { fs: ReturnType<typeof memoryFs> } } {
  const fs = memoryFs(files);
  const configs = new ConfigLookup(fs, undefined);
  const { units } = discoverUnits({
    fs,
    parse: parseXml,
    env: {},
    configuration: undefined,
    sources: [...sources],
    projectFiles: [],
    lookUp: [],
    configFor: (file) => configs.configFor(file),
    ignores: (file) => configs.ignores(file),
  });
  const overrides = { platforms: undefined, platformsFrom: 'arguments' as const, defines: {}, includePaths: [], bindPaths: [], severities: {} };
  return { units, request: { fs, parse: parseXml, env: {}, overrides } };
}
