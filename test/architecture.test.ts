// Architecture invariants (docs/ARCHITECTURE.md): the core does no I/O and knows no editor; rules see only the model;
// the two front ends are independent; only the language server knows LSP, and each of its handlers runs through
// runSafe; every rule has docs, an index entry and tests.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { rules } from '../server/src/rules';

const REPO = path.resolve(__dirname, '..', '..');
const CORE = ['wix', 'model', 'rules', 'engine', 'msi', 'payload', 'fixes', 'project'];
const FORBIDDEN_IN_CORE = [
  /^vscode$/,
  /^vscode-languageserver/,
  /^vscode-languageclient/,
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^(node:)?net$/,
];

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );
}

describe('layering', () => {
  it('keeps the core free of I/O and of editor libraries', () => {
    const offenders: string[] = [];
    for (const area of CORE) {
      for (const file of sourceFiles(path.join(REPO, 'server', 'src', area))) {
        for (const spec of importsOf(file)) {
          if (FORBIDDEN_IN_CORE.some((re) => re.test(spec))) offenders.push(`${path.relative(REPO, file)} imports ${spec}`);
          if (spec.startsWith('.') && /\/(lsp|cli|node|io)(\/|$)/.test(path.resolve(path.dirname(file), spec).replace(/\\/g, '/'))) {
            offenders.push(`${path.relative(REPO, file)} imports the edge module ${spec}`);
          }
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('lets rules see only the model', () => {
    assert.deepEqual(importsOutside('rules', ['rules', 'model']), []);
  });

  it('keeps the two front ends apart: WiX sources and built packages both lower to the model, never through each other', () => {
    assert.deepEqual([...importsOutside('wix', ['wix', 'model']), ...importsOutside('msi', ['msi', 'model'])], []);
  });

  it('lets only the language server (and the extension) know LSP', () => {
    const offenders: string[] = [];
    for (const area of ['wix', 'model', 'rules', 'engine', 'msi', 'fixes', 'project', 'cli', 'io']) {
      for (const file of sourceFiles(path.join(REPO, 'server', 'src', area))) {
        for (const spec of importsOf(file))
          if (/^vscode-language(server|client)/.test(spec)) offenders.push(`${path.relative(REPO, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('runs every handler of the language server through runSafe', () => {
    const text = fs.readFileSync(path.join(REPO, 'server', 'src', 'lsp', 'server.ts'), 'utf8');
    // connection.onX(…) and documents.onX(…): the handler's body is a call of runSafe, or of navigate, which calls it.
    const handlers = [...text.matchAll(/\b(connection|documents)\.(on\w+)\(/g)];
    assert.ok(handlers.length >= 20, `found ${handlers.length} handlers`);
    const unsafe = handlers
      .filter((h) => {
        const body = /^[\s\S]*?=>\s*([A-Za-z]+)(?:<[^(]*>)?\(/.exec(text.slice(h.index + h[0].length))?.[1];
        return body !== 'runSafe' && body !== 'navigate';
      })
      .map((h) => `${h[1]}.${h[2]}`);
    assert.deepEqual(unsafe, []);
    assert.match(text, /const navigate = [\s\S]*?runSafe\(/);
  });
});

/** Imports of files in server/src/<area> that resolve to folders of server/src other than `allowed`. */
function importsOutside(area: string, allowed: readonly string[]): string[] {
  const src = path.join(REPO, 'server', 'src');
  const offenders: string[] = [];
  for (const file of sourceFiles(path.join(src, area))) {
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep)[0]!;
      if (!allowed.includes(target)) offenders.push(`${path.relative(REPO, file)} imports ${spec}`);
    }
  }
  return offenders;
}

describe('rules', () => {
  it('are listed alphabetically by id, each id once', () => {
    const ids = rules.map((r) => r.meta.id);
    assert.deepEqual(ids, [...new Set(ids)].sort());
  });

  for (const rule of rules) {
    const id = rule.meta.id;
    it(`${id}: lives in a file named after it, with a docs page, a docs URL and table tests`, () => {
      assert.ok(fs.existsSync(path.join(REPO, 'server', 'src', 'rules', `${id}.ts`)), `server/src/rules/${id}.ts`);
      const docs = path.join(REPO, 'docs', 'rules', `${id}.md`);
      assert.ok(fs.existsSync(docs), `docs/rules/${id}.md`);
      assert.match(fs.readFileSync(docs, 'utf8'), new RegExp(`^# ${id}\\b`), 'the docs page starts with the rule id');
      assert.equal(rule.meta.docsUrl, `https://github.com/wixlint/wixlint/blob/main/docs/rules/${id}.md`);
      const tests = path.join(REPO, 'test', 'rules', `${id}.test.ts`);
      assert.ok(fs.existsSync(tests), `test/rules/${id}.test.ts`);
      assert.match(fs.readFileSync(tests, 'utf8'), /runRuleTests\(/);
      assert.ok(Object.keys(rule.meta.messages).length > 0);
      assert.ok(rule.meta.description.endsWith('.'));
    });
  }
});

describe('the inspector webview', () => {
  it('never turns strings into markup: no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(REPO, 'client', 'webview'))) {
      // Comments may name the APIs; code may not.
      const code = fs
        .readFileSync(file, 'utf8')
        .replace(/\/\/.*$/gm, '')
        .replace(/\/\*[\s\S]*?\*\//g, '');
      for (const api of [
        'innerHTML',
        'outerHTML',
        'insertAdjacentHTML',
        'document.write',
        'eval(',
        'new Function',
        'createContextualFragment',
        'srcdoc',
      ]) {
        if (code.includes(api)) offenders.push(`${path.relative(REPO, file)} uses ${api}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});
