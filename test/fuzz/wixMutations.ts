// WiX sources to start from and the mutations that make them hostile: at the level of tags, attributes and preprocessor
// directives (what a parser and preprocessor must survive), then of encodings and bytes. The source and language-server
// targets share them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../server/src/io/fileSystem';
import { walkFolder } from '../../server/src/project/walk';
import { ISA_MIXING_PRODUCT } from '../lsp/documents';
import { concat, mutateBytes } from './byteMutations';
import type { Random } from './random';

export interface SourceSeed {
  name: string;
  ext: 'wxs' | 'wxi';
  text: string;
}

/** This file runs as out/test/fuzz/wixMutations.js; the seeds are read from the repository's sources. */
export const REPO = path.resolve(__dirname, '..', '..', '..');
const SEED_FOLDERS = ['examples', 'test/fixes/golden', 'test/e2e/fixtures'];

let seeds: SourceSeed[] | undefined;

/** The .wxs and .wxi files of examples/ and the test fixtures, and the language server tests' package. */
export function sourceSeeds(): SourceSeed[] {
  seeds ??= [
    ...SEED_FOLDERS.flatMap(
      (folder) => walkFolder(nodeFileSystem(), path.join(REPO, folder), { extensions: ['.wxs', '.wxi'], limit: 1000 }).files,
    ).map((file) => ({
      name: path.relative(REPO, file).split(path.sep).join('/'),
      ext: file.toLowerCase().endsWith('.wxi') ? ('wxi' as const) : ('wxs' as const),
      text: fs.readFileSync(file, 'utf8'),
    })),
    { name: 'test/lsp/documents.ts ISA_MIXING_PRODUCT', ext: 'wxs', text: ISA_MIXING_PRODUCT },
  ];
  return seeds;
}

/** How large the repetitions may grow: the quick test keeps them small, a long run goes up to the sizes of real attacks. */
export interface Scale {
  /** Most levels of nesting, attributes on one element, or copies of a directive one mutation adds. */
  maxRepeat: number;
}

interface TextMutated {
  text: string;
  did: string;
}

type TextMutation = (text: string, random: Random, scale: Scale) => TextMutated;

// ---------------------------------------------------------------------------------------------------------------
// Words worth writing.

/** Include files the source target writes beside the input (see sourceTarget.ts), the input itself, and ones that are not there. */
const INCLUDE_TARGETS = [
  'Config.wxi',
  'Self.wxi',
  'Nested.wxi',
  'Parts.wxi',
  'Main.wxi',
  'Main.wxs',
  'Missing.wxi',
  '',
  '$(var.Inc)',
  '../Config.wxi',
  'sub/../Config.wxi',
  '/dev/null',
  'CON',
  'Config.wxi "x"',
];
const VARIABLES = ['X', 'Platform', 'ProductName', 'Bits', 'ProductVersion', 'UpgradeCode', 'Inc', 'A.B', '', '1', 'x y', 'constructor', '__proto__'];
const VALUES = [
  'yes',
  'no',
  'x64',
  'x86',
  'arm64',
  'ia64',
  '',
  '1.0.0.0',
  '$(var.X)',
  '$(var.X)$(var.X)',
  '"',
  '99999999999999999999999999',
  '-1',
  '{11111111-2222-3333-4444-555555555555}',
];
const ATTRIBUTES = [
  'Id',
  'Win64',
  'Bitness',
  'Platform',
  'Platforms',
  'Guid',
  'Directory',
  'Root',
  'Key',
  'Name',
  'Value',
  'Type',
  'Condition',
  'Context',
  'Advertise',
  'InstallerVersion',
  'xmlns',
];
const NUMBERS = [
  '9'.repeat(400),
  '1e309',
  '-0',
  '0x10',
  'NaN',
  'Infinity',
  '4294967296',
  '-2147483649',
  '18446744073709551616',
  '1.7976931348623157e308',
  '0.0.0.0.0',
];
const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udfff',
  '\r',
  '\t',
];
const CONDITIONS = [
  '$(var.X) = "y"',
  '$(sys.BUILDARCH) = x64',
  '$(var.Platform) ~= "X64"',
  'NOT (A AND B) OR C',
  '((((',
  '"unterminated',
  'X <> 1',
  '1 < 2',
  '$(var.X)',
  '$(env.PATH) = ""',
  'A = B = C',
  'AND',
  '',
];
const VARIABLE_REFERENCES = [
  '$(var.X)',
  '$(var.Platform)',
  '$(env.PATH)',
  '$(sys.BUILDARCH)',
  '$(sys.CURRENTDIR)',
  '$(var.',
  '$(',
  '$()',
  '$(var.$(var.X))',
  '!(loc.X)',
  '!(bind.FileVersion.F)',
  '$(fun.AutoVersion(1.0))',
  '[X]',
  '$(X)',
  '$$(var.X)',
];

function directive(random: Random): string {
  const v = random.pick(VARIABLES);
  switch (random.below(12)) {
    case 0:
    case 1:
      return `<?include ${random.pick(INCLUDE_TARGETS)} ?>`;
    case 2:
      return `<?define ${v} = "${random.pick(VALUES)}" ?>`;
    case 3:
      return `<?define ${v}=${random.pick(VALUES)}?>`;
    case 4:
      return `<?undef ${v} ?>`;
    case 5: {
      const body = random.chance(0.5) ? `<?else?>` : `<?elseif ${random.pick(CONDITIONS)} ?>`;
      return `<?if ${random.pick(CONDITIONS)} ?>${random.chance(0.5) ? body : ''}${random.chance(0.8) ? '<?endif?>' : ''}`;
    }
    case 6:
      return `<?if${random.pick(['def', 'ndef'])} ${v} ?>${random.chance(0.8) ? '<?endif?>' : ''}`;
    case 7: {
      const list = Array.from({ length: random.size(20) }, () => random.pick(VALUES)).join(';');
      return `<?foreach ${v} in ${list} ?>${random.chance(0.5) ? `<Property Id="P$(var.${v})" Value="$(var.${v})" />` : ''}${random.chance(0.85) ? '<?endforeach?>' : ''}`;
    }
    case 8:
      return random.pick([
        '<?error stop?>',
        '<?warning careful?>',
        '<?pragma x?>',
        '<?endif?>',
        '<?else?>',
        '<?endforeach?>',
        '<?elseif?>',
        '<??>',
        '<?',
        '<?xml version="1.0"?>',
      ]);
    case 9:
      return `<?define ${v} = "$(var.${v})$(var.${v})" ?>`;
    default:
      return `<?include ${random.pick(INCLUDE_TARGETS)}?>`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Where to cut: tags, attribute values, element spans.

interface Span {
  start: number;
  end: number;
}

function spans(text: string, pattern: RegExp): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(pattern)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

const TAG = /<[^<>]*>/g;
const VALUE = /="[^"<]*"|='[^'<]*'/g;
const START_TAG = /<([A-Za-z_][\w.-]*)[^<>]*?(\/?)>/g;

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** A place between tags (or anywhere, when there are none). */
function boundary(text: string, random: Random): number {
  const tags = spans(text, TAG);
  if (tags.length === 0 || random.chance(0.1)) return random.below(text.length + 1);
  const tag = random.pick(tags);
  return random.chance(0.5) ? tag.start : tag.end;
}

/** Up to a few thousand; the largest sizes only now and then, so that a long run is not spent on the slowest inputs. */
function repeat(random: Random, scale: Scale): number {
  return 1 + random.size(random.chance(0.02) ? scale.maxRepeat : Math.min(scale.maxRepeat, 2000));
}

const mutations: TextMutation[] = [
  function deleteTag(text, random) {
    const tags = spans(text, TAG);
    if (tags.length === 0) return { text, did: 'no tag to delete' };
    const tag = random.pick(tags);
    return { text: splice(text, tag.start, tag.end, ''), did: `delete the tag at ${tag.start}` };
  },
  function duplicateTag(text, random) {
    const tags = spans(text, TAG);
    if (tags.length === 0) return { text, did: 'no tag to copy' };
    const tag = random.pick(tags);
    const at = boundary(text, random);
    return { text: splice(text, at, at, text.slice(tag.start, tag.end)), did: `copy the tag at ${tag.start} to ${at}` };
  },
  function swapTags(text, random) {
    const tags = spans(text, TAG);
    if (tags.length < 2) return { text, did: 'no tags to swap' };
    let [a, b] = [random.pick(tags), random.pick(tags)];
    if (a.start > b.start) [a, b] = [b, a];
    if (a.end > b.start) return { text, did: 'the same tag twice' };
    const swapped = text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
    return { text: swapped, did: `swap the tags at ${a.start} and ${b.start}` };
  },
  function duplicateElement(text, random) {
    const starts = [...text.matchAll(START_TAG)].filter((m) => m[2] !== '/');
    if (starts.length === 0) return { text, did: 'no element to copy' };
    const m = random.pick(starts);
    const close = text.indexOf(`</${m[1]}>`, m.index);
    if (close < 0) return { text, did: 'an element without its end tag' };
    const end = close + m[1]!.length + 3;
    return { text: splice(text, end, end, text.slice(m.index, end)), did: `copy the <${m[1]}> at ${m.index} after itself` };
  },
  function insertDirective(text, random, scale) {
    const at = boundary(text, random);
    const n = random.chance(0.9) ? 1 : repeat(random, scale);
    const inserted = Array.from({ length: n }, () => directive(random)).join('\n');
    return { text: splice(text, at, at, inserted), did: `insert ${n === 1 ? JSON.stringify(inserted.slice(0, 200)) : `${n} directives`} at ${at}` };
  },
  function insertVariable(text, random) {
    const values = spans(text, VALUE);
    const reference = random.pick(VARIABLE_REFERENCES);
    if (values.length === 0) return { text: splice(text, text.length, text.length, reference), did: `append ${reference}` };
    const value = random.pick(values);
    const at = value.start + 2 + random.below(value.end - value.start - 2);
    return { text: splice(text, at, at, reference), did: `insert ${reference} at ${at}` };
  },
  function replaceValue(text, random) {
    const values = spans(text, VALUE);
    if (values.length === 0) return { text, did: 'no attribute value' };
    const value = random.pick(values);
    const replacement = random.pick([...NUMBERS, ...VALUES, ...CONDITIONS]);
    return {
      text: splice(text, value.start + 2, value.end - 1, replacement.replace(/"/g, '&quot;')),
      did: `value at ${value.start} = ${JSON.stringify(replacement.slice(0, 40))}`,
    };
  },
  function manyAttributes(text, random, scale) {
    const starts = [...text.matchAll(START_TAG)];
    if (starts.length === 0) return { text, did: 'no element for attributes' };
    const m = random.pick(starts);
    const n = repeat(random, scale);
    const same = random.chance(0.2);
    const attributes = Array.from({ length: n }, (_, i) => ` ${same ? 'Id' : `A${i}`}="${i}"`).join('');
    const at = m.index + 1 + m[1]!.length;
    return { text: splice(text, at, at, attributes), did: `${n} attributes${same ? ' named Id' : ''} on the <${m[1]}> at ${m.index}` };
  },
  function deepNesting(text, random, scale) {
    const at = boundary(text, random);
    const n = repeat(random, scale);
    const element = random.pick(['Directory', 'a', 'Component', 'Fragment']);
    const closed = random.chance(0.7);
    const open = Array.from({ length: n }, (_, i) => `<${element} Id="N${i}">`).join('');
    return {
      text: splice(text, at, at, open + (closed ? `</${element}>`.repeat(n) : '')),
      did: `${n} nested <${element}>${closed ? '' : ' left open'} at ${at}`,
    };
  },
  function controlCharacters(text, random) {
    const at = random.below(text.length + 1);
    const inserted = Array.from({ length: 1 + random.size(8) }, () => random.pick(CONTROL)).join('');
    return { text: splice(text, at, at, inserted), did: `insert ${JSON.stringify(inserted)} at ${at}` };
  },
  function quotes(text, random) {
    const quotes = spans(text, /["']/g);
    if (quotes.length > 0 && random.chance(0.6)) {
      const q = random.pick(quotes);
      return { text: splice(text, q.start, q.end, ''), did: `delete the quote at ${q.start}` };
    }
    const at = random.below(text.length + 1);
    const quote = random.pick(['"', "'", '="', '&', '&amp', '&#0;', '&#x110000;', '&unknown;', '<', '>', ']]>']);
    return { text: splice(text, at, at, quote), did: `insert ${quote} at ${at}` };
  },
  function renameElement(text, random) {
    const starts = [...text.matchAll(/<\/?([A-Za-z_][\w.-]*)/g)];
    if (starts.length === 0) return { text, did: 'no element to rename' };
    const m = random.pick(starts);
    const name = random.pick(elementNames());
    const at = m.index + m[0].length - m[1]!.length;
    return { text: splice(text, at, at + m[1]!.length, name), did: `rename <${m[1]}> at ${m.index} to ${name}` };
  },
  function renameAttribute(text, random) {
    const names = [...text.matchAll(/\s([A-Za-z_][\w:.-]*)=/g)];
    if (names.length === 0) return { text, did: 'no attribute to rename' };
    const m = random.pick(names);
    const name = random.pick(ATTRIBUTES);
    return { text: splice(text, m.index + 1, m.index + 1 + m[1]!.length, name), did: `rename attribute ${m[1]} at ${m.index} to ${name}` };
  },
  function markup(text, random, scale) {
    const at = boundary(text, random);
    const n = repeat(random, scale);
    const inserted = random.pick([
      '<!--',
      '-->',
      '<!-- -- -->',
      '<![CDATA[',
      '<![CDATA[x]]>',
      '<!DOCTYPE Wix>',
      `<!DOCTYPE Wix [<!ENTITY a "${'x'.repeat(Math.min(n, 1000))}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>`,
      '<!DOCTYPE Wix SYSTEM "file:///etc/passwd">',
      '&a;&b;',
      '</>',
      '<>',
      '< Wix>',
      '<Wix xmlns="">',
      '<a:b xmlns:a="x">',
      '<?xml version="1.0" encoding="utf-16"?>',
    ]);
    return { text: splice(text, at, at, inserted), did: `insert ${JSON.stringify(inserted.slice(0, 60))} at ${at}` };
  },
  function truncateText(text, random) {
    const at = random.below(text.length + 1);
    return { text: text.slice(0, at), did: `truncate to ${at} characters` };
  },
  function crossOver(text, random) {
    const other = random.pick(sourceSeeds()).text;
    const tags = spans(other, TAG);
    if (tags.length === 0) return { text, did: 'no tag to take' };
    const from = random.pick(tags);
    const to = random.pick(tags.filter((t) => t.start >= from.start));
    const at = boundary(text, random);
    return { text: splice(text, at, at, other.slice(from.start, to.end)), did: `insert ${to.end - from.start} characters of another seed at ${at}` };
  },
  function lineEnds(text, random) {
    const end = random.pick(['\r\n', '\r', '\n\r', '\u2028']);
    return { text: text.replace(/\n/g, end), did: `line ends ${JSON.stringify(end)}` };
  },
];

let elements: string[] | undefined;

/** The element names the seeds use, and one WiX does not know. */
function elementNames(): string[] {
  elements ??= [...new Set(sourceSeeds().flatMap((seed) => [...seed.text.matchAll(/<([A-Z]\w*)/g)].map((m) => m[1]!))), 'a'].sort();
  return elements;
}

/** Mutations of the text: one to a few of the above. */
export function mutateText(text: string, random: Random, scale: Scale): { text: string; mutations: string[] } {
  const applied: string[] = [];
  const rounds = 1 + random.size(6);
  for (let i = 0; i < rounds; i++) {
    const mutation = random.pick(mutations);
    const result = mutation(text, random, scale);
    text = result.text;
    applied.push(`${mutation.name}: ${result.did}`);
  }
  return { text, mutations: applied };
}

// ---------------------------------------------------------------------------------------------------------------
// Encodings and bytes.

const INVALID_UTF8 = [
  [0xc0, 0x80],
  [0xff],
  [0xfe],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i * 2 + (bigEndian ? 1 : 0)] = c & 0xff;
    out[i * 2 + (bigEndian ? 0 : 1)] = c >>> 8;
  }
  return out;
}

/** The text as bytes: UTF-8 mostly, else with a BOM, as UTF-16 (with or without its BOM, odd lengths), or with bytes no encoding allows. */
export function encodeText(text: string, random: Random): { bytes: Uint8Array; did?: string } {
  const utf8 = new Uint8Array(Buffer.from(text, 'utf8'));
  if (random.chance(0.75)) return { bytes: utf8 };
  switch (random.below(5)) {
    case 0:
      return {
        bytes: concat(Uint8Array.of(0xef, 0xbb, 0xbf), random.chance(0.2) ? Uint8Array.of(0xef, 0xbb, 0xbf) : new Uint8Array(0), utf8),
        did: 'UTF-8 BOM',
      };
    case 1: {
      const bigEndian = random.chance(0.5);
      const bom = random.chance(0.7);
      const body = utf16(text, bigEndian);
      const odd = random.chance(0.2);
      const bytes = concat(
        bom ? (bigEndian ? Uint8Array.of(0xfe, 0xff) : Uint8Array.of(0xff, 0xfe)) : new Uint8Array(0),
        odd ? body.subarray(0, body.length - 1) : body,
      );
      return { bytes, did: `UTF-16${bigEndian ? 'BE' : 'LE'}${bom ? ' with BOM' : ''}${odd ? ', odd length' : ''}` };
    }
    case 2: {
      const at = random.below(utf8.length + 1);
      const bad = Uint8Array.from(random.pick(INVALID_UTF8));
      return { bytes: concat(utf8.subarray(0, at), bad, utf8.subarray(at)), did: `invalid UTF-8 ${Buffer.from(bad).toString('hex')} at ${at}` };
    }
    case 3: {
      // A UTF-16 BOM on UTF-8 text: decoded as the wrong encoding.
      const bom = random.chance(0.5) ? Uint8Array.of(0xff, 0xfe) : Uint8Array.of(0xfe, 0xff);
      return { bytes: concat(bom, utf8), did: `BOM ${Buffer.from(bom).toString('hex')} on UTF-8` };
    }
    default: {
      const mutated = mutateBytes(utf8, random);
      return { bytes: mutated.bytes, did: `bytes: ${mutated.did}` };
    }
  }
}

/** A mutated source from a seed: its text mutated, then encoded. */
export function makeSource(random: Random, scale: Scale): { seed: SourceSeed; bytes: Uint8Array; mutations: string[] } {
  const seed = random.pick(sourceSeeds());
  const { text, mutations } = mutateText(seed.text, random, scale);
  const encoded = encodeText(text, random);
  return { seed, bytes: encoded.bytes, mutations: encoded.did ? [...mutations, encoded.did] : mutations };
}
