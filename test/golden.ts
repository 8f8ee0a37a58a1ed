// Golden files: large expected texts (the split refactors' sources) kept as files under test/<area>/golden/, so that
// a reader sees them as the files they are. `WIXLINT_UPDATE_GOLDEN=1 npm run test:unit` writes what the code now
// produces into them instead of comparing; review the diff before committing it.
import * as fs from 'node:fs';
import * as path from 'node:path';

// This file runs as out/test/golden.js; the golden files stay in the sources.
const TEST_SOURCES = path.resolve(__dirname, '..', '..', 'test');

export const UPDATING_GOLDEN = process.env['WIXLINT_UPDATE_GOLDEN'] === '1';

function goldenPath(name: string): string {
  return path.join(TEST_SOURCES, ...name.split('/'));
}

/** The golden text `name` (a path below test/, such as `fixes/golden/seed-product.wxs`). */
export function golden(name: string): string {
  return fs.readFileSync(goldenPath(name), 'utf8');
}

/** Files as one text: each under a `=== file ===` line, in the order given. */
function joinFiles(files: Readonly<Record<string, string>>): string {
  return Object.entries(files)
    .map(([file, text]) => `=== ${file} ===\n${text}${text.endsWith('\n') ? '' : '\n'}`)
    .join('');
}

/**
 * The expected text of several files kept in one golden file `name` (each under a `=== file ===` line); compare it
 * with `joinedFiles(actual)`. When updating, the actual files are written and returned.
 */
export function goldenJoined(actual: Readonly<Record<string, string>>, name: string): string {
  const text = joinFiles(actual);
  if (UPDATING_GOLDEN) {
    fs.mkdirSync(path.dirname(goldenPath(name)), { recursive: true });
    fs.writeFileSync(goldenPath(name), text);
    return text;
  }
  return fs.existsSync(goldenPath(name)) ? golden(name) : `(no golden file test/${name}: run with WIXLINT_UPDATE_GOLDEN=1)\n`;
}

export { joinFiles as joinedFiles };

/**
 * The expected texts for `actual`, file by file, from the golden files `names` gives for them: compare the two with
 * assert.deepEqual. When updating, the actual texts are written to those files and returned.
 */
export function goldenTexts(actual: Readonly<Record<string, string>>, names: Readonly<Record<string, string>>): Record<string, string> {
  const expected: Record<string, string> = {};
  for (const [file, name] of Object.entries(names)) {
    const text = actual[file];
    if (UPDATING_GOLDEN && text !== undefined) {
      fs.mkdirSync(path.dirname(goldenPath(name)), { recursive: true });
      fs.writeFileSync(goldenPath(name), text);
    }
    expected[file] = UPDATING_GOLDEN && text !== undefined ? text : golden(name);
  }
  return expected;
}
