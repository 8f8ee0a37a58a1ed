// Which files the wixlint command lints in folders as people keep them: build outputs and dependencies skipped,
// .gitignore and .wixlintignore honoured in and above the folder given, files named linted anyway, globs as inputs
// (quoted, or written out by the shell) and --ignore-pattern. Each file is a fragment of its own, so the JSON report's
// units list exactly the files linted.
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runWixlint, tempTree } from './cliRun';

const REPO = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'wixlint.js');
const FRAGMENT = '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Fragment /></Wix>\n';

/** A repository in `outer/repo` (its .git marks the root), under a folder whose .gitignore must not reach into it. */
const TREE: Record<string, string> = {
  'outer/.gitignore': '*.outer.wxs\n',
  'outer/repo/.git/HEAD': 'ref: refs/heads/main\n',
  'outer/repo/.gitignore': '# build outputs\n*.generated.wxs\n/dist/\n',
  'outer/repo/.wixlintignore': 'legacy/\n',
  'outer/repo/Top.wxs': FRAGMENT,
  'outer/repo/dist/Out.wxs': FRAGMENT,
  'outer/repo/legacy/Old.wxs': FRAGMENT,
  'outer/repo/node_modules/pkg/Copy.wxs': FRAGMENT,
  'outer/repo/.hidden/Copy.wxs': FRAGMENT,
  'outer/repo/src/Product.wxs': FRAGMENT,
  'outer/repo/src/Files.generated.wxs': FRAGMENT,
  'outer/repo/src/Frag.outer.wxs': FRAGMENT,
  'outer/repo/src/dist/Inner.wxs': FRAGMENT,
  'outer/repo/src/gen/.gitignore': '*.wxs\n!Keep.wxs\n',
  'outer/repo/src/gen/Keep.wxs': FRAGMENT,
  'outer/repo/src/gen/Drop.wxs': FRAGMENT,
  'outer/repo/src/bin/Release/Copy.wxs': FRAGMENT,
  'outer/repo/src/Bin/Debug/Copy.wxs': FRAGMENT,
  'outer/repo/src/obj/Copy.wxs': FRAGMENT,
  'outer/repo/src/OBJ/x64/Copy.wxs': FRAGMENT,
};

/** What the folder walk of the repository finds: no build output, dependency, dot-folder or ignored file. */
const REPO_FILES = ['Top.wxs', 'src/Frag.outer.wxs', 'src/Product.wxs', 'src/dist/Inner.wxs', 'src/gen/Keep.wxs'];

interface Linted {
  code: number;
  /** Every file of every unit, sorted. */
  files: string[];
  stderr: string;
}

function linted(run: { code: number | null; stdout: string; stderr: string }): Linted {
  const report = run.stdout === '' ? { units: [] } : (JSON.parse(run.stdout) as { units: { files: string[] }[] });
  return { code: run.code ?? -1, files: report.units.flatMap((u) => u.files).sort(), stderr: run.stderr };
}

async function lint(t: { after(fn: () => void): void }, argv: string[], tree: Record<string, string> = TREE): Promise<Linted> {
  const dir = tempTree(t, tree, 'wixlint-walk-');
  return linted(await runWixlint(['--format', 'json', ...argv], path.join(dir, 'outer', 'repo')));
}

describe('a folder walk', () => {
  it('skips node_modules, bin, obj (any case), dot-folders, and what .gitignore and .wixlintignore files exclude', async (t) => {
    assert.deepEqual(await lint(t, ['.']), { code: 0, files: REPO_FILES.map((f) => `./${f}`), stderr: '' });
  });

  it("honours the .gitignore above the folder given, up to the repository's root and no further", async (t) => {
    assert.deepEqual(await lint(t, ['src']), {
      code: 0,
      files: ['src/Frag.outer.wxs', 'src/Product.wxs', 'src/dist/Inner.wxs', 'src/gen/Keep.wxs'],
      stderr: '',
    });
  });

  it('lints files and folders named on the command line whatever the ignore files say, and skipped folders named', async (t) => {
    assert.deepEqual(await lint(t, ['src/Files.generated.wxs', 'src/bin/Release/Copy.wxs', 'legacy', 'src/OBJ']), {
      code: 0,
      files: ['legacy/Old.wxs', 'src/Files.generated.wxs', 'src/OBJ/x64/Copy.wxs', 'src/bin/Release/Copy.wxs'],
      stderr: '',
    });
  });
});

describe('a glob as an input', () => {
  it('quoted, is expanded from the working folder: ** crosses folders as a folder walk does, * stays in one', async (t) => {
    assert.deepEqual(await lint(t, ['src/**/*.wxs']), {
      code: 0,
      files: ['src/Frag.outer.wxs', 'src/Product.wxs', 'src/dist/Inner.wxs', 'src/gen/Keep.wxs'],
      stderr: '',
    });
    assert.deepEqual(await lint(t, ['*.wxs']), { code: 0, files: ['Top.wxs'], stderr: '' });
    // Braces without a wildcard name files: those that are there.
    assert.deepEqual(await lint(t, ['{Top,Missing}.wxs']), { code: 0, files: ['Top.wxs'], stderr: '' });
    assert.deepEqual(await lint(t, ['src/{gen,dist}/*.wxs', 'src/?rod*.wxs']), {
      code: 0,
      files: ['src/Product.wxs', 'src/dist/Inner.wxs', 'src/gen/Keep.wxs'],
      stderr: '',
    });
  });

  it('walks the folders before its first wildcard whatever skips them, as a folder named', async (t) => {
    assert.deepEqual(await lint(t, ['src/bin/**/*.wxs']), { code: 0, files: ['src/bin/Release/Copy.wxs'], stderr: '' });
  });

  it('written out by the shell, is files named: each is linted', async (t) => {
    assert.deepEqual(await lint(t, ['src/Files.generated.wxs', 'src/Frag.outer.wxs', 'src/Product.wxs']), {
      code: 0,
      files: ['src/Files.generated.wxs', 'src/Frag.outer.wxs', 'src/Product.wxs'],
      stderr: '',
    });
  });

  it('that matches nothing is a usage error naming it, and nothing is linted, exit 2', async (t) => {
    assert.deepEqual(await lint(t, ['Top.wxs', 'src/**/*.wxi', '**/Copy.wxs']), {
      code: 2,
      files: [],
      stderr: "wixlint: no files match 'src/**/*.wxi'\nwixlint: no files match '**/Copy.wxs'\n",
    });
    assert.deepEqual(await lint(t, ['src/*.generated.wxs']), {
      code: 2,
      files: [],
      stderr: "wixlint: all files matching 'src/*.generated.wxs' are ignored\n",
    });
  });

  it('quoted, as a process: expanded by wixlint, sorted; one matching nothing names itself', (t) => {
    const dir = tempTree(t, TREE, 'wixlint-walk-');
    const wixlint = (args: string[]) => {
      const child = spawnSync(process.execPath, [BIN, '--format', 'json', ...args], {
        cwd: path.join(dir, 'outer', 'repo'),
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '' },
      });
      return { code: child.status, stdout: child.stdout, stderr: child.stderr };
    };
    assert.deepEqual(linted(wixlint(['src/**/*.wxs', '*.wxs'])), {
      code: 0,
      files: ['Top.wxs', 'src/Frag.outer.wxs', 'src/Product.wxs', 'src/dist/Inner.wxs', 'src/gen/Keep.wxs'],
      stderr: '',
    });
    assert.deepEqual(linted(wixlint(['nowhere/**/*.wxs'])), { code: 2, files: [], stderr: "wixlint: no files match 'nowhere/**/*.wxs'\n" });
  });
});

describe('--ignore-pattern', () => {
  it('leaves out folders and files of a walk and a glob, relative to the working folder', async (t) => {
    assert.deepEqual(await lint(t, ['.', '--ignore-pattern', 'gen/', '--ignore-pattern=Frag.*.wxs']), {
      code: 0,
      files: ['./Top.wxs', './src/Product.wxs', './src/dist/Inner.wxs'],
      stderr: '',
    });
    assert.deepEqual(await lint(t, ['src/**/*.wxs', '--ignore-pattern', '/src/dist/']), {
      code: 0,
      files: ['src/Frag.outer.wxs', 'src/Product.wxs', 'src/gen/Keep.wxs'],
      stderr: '',
    });
  });

  it('comes after the ignore files: a ! pattern lints a file .gitignore excludes', async (t) => {
    assert.deepEqual(await lint(t, ['src', '--ignore-pattern', '!*.generated.wxs']), {
      code: 0,
      files: ['src/Files.generated.wxs', 'src/Frag.outer.wxs', 'src/Product.wxs', 'src/dist/Inner.wxs', 'src/gen/Keep.wxs'],
      stderr: '',
    });
  });

  it('leaves out a file or folder named, and says so', async (t) => {
    assert.deepEqual(await lint(t, ['src/Product.wxs', 'src/gen', 'Top.wxs', '--ignore-pattern', 'Product.wxs', '--ignore-pattern', 'src/gen/']), {
      code: 0,
      files: ['Top.wxs'],
      stderr:
        "wixlint: warning: 'src/Product.wxs' is not linted: --ignore-pattern 'Product.wxs' ignores it\n" +
        "wixlint: warning: 'src/gen' is not linted: --ignore-pattern 'src/gen/' ignores it\n",
    });
    // A glob whose folder or file it excludes matches nothing that is linted.
    assert.deepEqual(await lint(t, ['{Top,Missing}.wxs', '--ignore-pattern', 'Top.wxs']), {
      code: 2,
      files: [],
      stderr: "wixlint: all files matching '{Top,Missing}.wxs' are ignored\n",
    });
    assert.deepEqual(await lint(t, ['src/gen/*.wxs', '--ignore-pattern', 'gen/']), {
      code: 2,
      files: [],
      stderr: "wixlint: all files matching 'src/gen/*.wxs' are ignored\n",
    });
  });

  it("leaves a project's Compile items out, as a config's ignorePatterns do", async (t) => {
    const project = `<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003"><ItemGroup><Compile Include="A.wxs" /><Compile Include="legacy\\B.wxs" /></ItemGroup></Project>\n`;
    const tree = {
      'outer/repo/.git/HEAD': '',
      'outer/repo/Setup.wixproj': project,
      'outer/repo/A.wxs': FRAGMENT,
      'outer/repo/legacy/B.wxs': FRAGMENT,
    };
    assert.deepEqual(await lint(t, ['Setup.wixproj'], tree), { code: 0, files: ['A.wxs', 'legacy/B.wxs'], stderr: '' });
    assert.deepEqual(await lint(t, ['Setup.wixproj', '--ignore-pattern', 'legacy/'], tree), { code: 0, files: ['A.wxs'], stderr: '' });
  });
});
