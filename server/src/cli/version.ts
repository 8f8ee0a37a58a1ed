// Finds wixlint's own version in its package.json, wherever the code runs from (out/ when compiled, dist/ when bundled).
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_NAME = 'wixlint';

/** 'unknown' rather than an error: a missing version must not stop linting. */
export function packageVersion(startDir: string = __dirname): string {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const version = versionIn(path.join(dir, 'package.json'));
    if (version !== undefined) return version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

function versionIn(file: string): string | undefined {
  try {
    const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof json !== 'object' || json === null) return undefined;
    const { name, version } = json as { name?: unknown; version?: unknown };
    return name === PACKAGE_NAME && typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
