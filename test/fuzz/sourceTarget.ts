// Fuzz target: WiX sources, through the command line in process as `wixlint Main.wxs` runs it — decoding, the XML parser,
// the preprocessor, lowering, linking and the rules — with include files beside it to find, loop through and miss.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliChecked } from './cliCheck';
import type { Random } from './random';
import type { Failure, FuzzInput, Target } from './runner';
import { makeSource, REPO, type Scale } from './wixMutations';

/** Written beside every input: the includes the mutations name (see INCLUDE_TARGETS in wixMutations.ts). */
const INCLUDES: Record<string, string> = {
  'Config.wxi': fs.readFileSync(path.join(REPO, 'examples', 'v3', 'Config.wxi'), 'utf8'),
  'Self.wxi': '<Include>\n  <?include Self.wxi ?>\n  <?define Self = "yes" ?>\n</Include>\n',
  'Nested.wxi': '<Include>\n  <?include Config.wxi ?>\n  <?include Config.wxi ?>\n  <?include Main.wxi ?>\n</Include>\n',
  'Parts.wxi':
    '<Include>\n  <Component Id="Part64" Guid="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}" Win64="$(var.Bits)">\n    <File Source="part.dll" />\n  </Component>\n</Include>\n',
};

/** An include given alone is linted with its folder's sources: this one includes it, as a product would. */
const HOST =
  '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">\n  <Fragment>\n    <DirectoryRef Id="TARGETDIR">\n      <?include Main.wxi ?>\n    </DirectoryRef>\n  </Fragment>\n</Wix>\n';

const ARGUMENT_CHOICES: string[][] = [
  [],
  ['--arch', 'x64'],
  ['--arch', 'x86', '--arch', 'x64', '--arch', 'arm64'],
  ['-d', 'Bits=yes', '-d', 'X=y'],
  ['-d', 'Inc=Config.wxi'],
];

export function sourceTarget(scale: Scale = { maxRepeat: 2000 }): Target {
  let dir: string | undefined;
  return {
    name: 'source',
    budgetMs: 2000,
    shrink: ['lines', 'bytes'],
    make(random: Random): FuzzInput {
      const { seed, bytes, mutations } = makeSource(random, scale);
      return { ext: seed.ext, bytes, origin: seed.name, mutations };
    },
    async run(input): Promise<Failure | undefined> {
      if (!dir) {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wixlint-fuzz-source-'));
        for (const [name, text] of Object.entries(INCLUDES)) fs.writeFileSync(path.join(dir, name), text);
      }
      const main = `Main.${input.ext}`;
      const other = input.ext === 'wxi' ? 'Main.wxs' : 'Main.wxi';
      fs.rmSync(path.join(dir, other), { force: true });
      fs.rmSync(path.join(dir, 'Host.wxs'), { force: true });
      fs.writeFileSync(path.join(dir, main), input.bytes);
      if (input.ext === 'wxi') fs.writeFileSync(path.join(dir, 'Host.wxs'), HOST);
      // The format and build options are a function of the input, so a replay runs it the same way.
      const which = input.bytes.length + (input.bytes[input.bytes.length >> 1] ?? 0);
      const format = ['json', 'sarif', 'text'][which % 3]!;
      const options = ARGUMENT_CHOICES[which % ARGUMENT_CHOICES.length]!;
      return runCliChecked(['--format', format, ...options, main], dir, { json: format !== 'text', report: true });
    },
    async close() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
