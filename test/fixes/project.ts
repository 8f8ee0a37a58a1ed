// Test helper: the v3 seed project (examples/v3) as in-memory files, and such a project linted for one platform.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintSources } from '../../server/src/engine/lint';
import type { BuildArch } from '../../server/src/model/platform';

// This file runs as out/test/fixes/project.js.
const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples', 'v3');

function readExample(name: string): string {
  return fs.readFileSync(path.join(EXAMPLES, name), 'utf8').replace(/\r\n?/g, '\n');
}

/** examples/v3 as /project/Product.wxs, Components.wxs and Config.wxi, with LF line ends. */
export function seedProject(): Record<string, string> {
  return {
    '/project/Product.wxs': readExample('Product.wxs'),
    '/project/Components.wxs': readExample('Components.wxs'),
    '/project/Config.wxi': readExample('Config.wxi'),
  };
}

export interface ProjectProblem {
  ruleId: string;
  data: unknown;
  message: string;
}

/** Lints the project (every .wxs is an input, every file readable as an include) for one platform. */
export function lintProject(files: Record<string, string>, platform: BuildArch): ProjectProblem[] {
  const inputs = Object.entries(files)
    .filter(([p]) => p.endsWith('.wxs'))
    .map(([p, text]) => ({ path: p, text }));
  const result = lintSources(inputs, {
    platforms: [platform],
    defines: {},
    includePaths: [],
    env: {},
    severities: {},
    host: { readFile: (p) => files[p] },
  });
  return result.problems.map((p) => ({ ruleId: p.ruleId, data: p.fix, message: p.message }));
}

/** The rules a split must leave with no problem. */
export const CHECKED = ['isa-mixing', 'ice80', 'com-overwrite', 'parse-error'];
