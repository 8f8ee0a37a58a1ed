// The story each rule's docs page tells (docs/rules/<id>.md), for SARIF's fullDescription and help: read from the
// package's own docs folder, so that the page stays the one place the story is written.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RuleStory {
  /** The page's first paragraph: what the rule reports. */
  summary: string;
  /** The page's "How to fix" section, when it has one. */
  fix: string | undefined;
}

/** Where docs/rules lies from the bundle (dist/cli.js) and from the compiled tree (out/server/src/cli/). */
const DOCS_FOLDERS = [path.join(__dirname, '..', 'docs', 'rules'), path.join(__dirname, '..', '..', '..', '..', 'docs', 'rules')];

/** Each rule's story by id; a rule whose page cannot be read has none (SARIF then says its one-line description). */
export function readRuleStories(ids: readonly string[]): Map<string, RuleStory> {
  const folder = DOCS_FOLDERS.find((dir) => fs.existsSync(dir));
  const stories = new Map<string, RuleStory>();
  if (folder === undefined) return stories;
  for (const id of ids) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(folder, `${id}.md`), 'utf8');
    } catch {
      continue;
    }
    const story = ruleStory(text);
    if (story) stories.set(id, story);
  }
  return stories;
}

/** The first paragraph after the page's title, and its "How to fix" section, each as one text. */
export function ruleStory(markdown: string): RuleStory | undefined {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const title = lines.findIndex((l) => l.startsWith('# '));
  if (title < 0) return undefined;
  const paragraph: string[] = [];
  for (let i = title + 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' && paragraph.length > 0) break;
    if (line.startsWith('#')) break;
    if (line !== '') paragraph.push(line);
  }
  if (paragraph.length === 0) return undefined;
  return { summary: paragraph.join(' '), fix: section(lines, 'How to fix') };
}

/** The text of a `## heading` section up to the next heading of its level or above, trimmed; undefined when absent. */
function section(lines: readonly string[], heading: string): string | undefined {
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return undefined;
  const body: string[] = [];
  for (let i = start + 1; i < lines.length && !/^#{1,2} /.test(lines[i]!); i++) body.push(lines[i]!);
  const text = body.join('\n').trim();
  return text === '' ? undefined : text;
}
