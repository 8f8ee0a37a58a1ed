// Benchmarks reading built packages (wixlint inspect / lint) against msidump on generated MSIs and a 1.5 GB-cabinet MSI: `node bench/msi.mjs [--quick] [--json]`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeCompoundFile } from './cfbWriter.mjs';
import {
  alignedTable,
  exitWith,
  formatMb,
  medianOfRuns,
  parseOptions,
  progress,
  requireBuild,
  roundFloats,
  runWithPeakRss,
  showArgs,
} from './common.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK_DIR = path.join(ROOT, 'bench', '.work');
const BUILDER_MODULE = path.join(ROOT, 'out', 'test', 'msi', 'builder.js');
const CLI_BUNDLE = path.join(ROOT, 'dist', 'cli.js');
const CLI_BIN = path.join(ROOT, 'bin', 'wixlint.js');

const FULL_RUNS = 3;
const ROW_COUNTS = [1_000, 5_000, 20_000];
const MB = 1024 * 1024;
const FULL_CAB_BYTES = 1536 * MB;
const QUICK_CAB_BYTES = 64 * MB;
/** The large-cabinet MSI's tables: a realistic package around the cabinet, small enough not to matter. */
const CAB_MSI_ROWS = 1_000;
const CHUNK_BYTES = 16 * MB;
/** Left free on the disk after writing the large file. */
const DISK_MARGIN_BYTES = 512 * MB;
const SMALL_CAB_BYTES = 256 * 1024;
const CABINET = 'cab1.cab';
const TARGETS = { inspectVsMsidump: 0.5, ratioRows: 5_000, cabRssMb: 200, cabMs: 1_000 };
/** Tables every generated package has, with the row counts they should read back with (n = the size). */
const EXPECTED_ROWS = {
  Property: () => 9,
  Directory: (n) => n,
  Component: (n) => n,
  File: (n) => n,
  Registry: (n) => n,
  Feature: () => 1,
  FeatureComponents: (n) => n,
  Media: () => 1,
};

const USAGE =
  'usage: node bench/msi.mjs [--quick] [--json]\n' +
  `  --quick  1 run each and a ${QUICK_CAB_BYTES / MB} MB cabinet instead of ${FULL_CAB_BYTES / MB} MB; figures only, no verdict, exits 0 (CI smoke run)\n` +
  '  --json   print the figures as JSON instead of a table\n';

async function main() {
  const options = parseOptions(process.argv.slice(2), USAGE);
  requireBuild([BUILDER_MODULE, CLI_BUNDLE], CLI_BIN);
  const require = createRequire(import.meta.url);
  const builder = require(BUILDER_MODULE);
  const CFB = require('cfb');
  const tools = findTools(options.quick);
  const runs = options.quick ? 1 : FULL_RUNS;
  fs.mkdirSync(WORK_DIR, { recursive: true });
  removeStaleCabMsis();

  const packages = ROW_COUNTS.map((rows) => writeBuilderMsi(builder, rows));
  checkCabWriter(builder, CFB);
  const cab = planCabSize(options.quick ? QUICK_CAB_BYTES : FULL_CAB_BYTES);
  const cabFile = path.join(WORK_DIR, `cab-${Math.round(cab.bytes / MB)}mb.msi`);
  const cleanup = () => fs.rmSync(cabFile, { force: true });
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  process.once('SIGTERM', () => {
    cleanup();
    process.exit(143);
  });

  const results = [];
  try {
    for (const pkg of packages) results.push(benchmarkPackage(pkg, runs, tools));
    const written = writeCabMsi(builder, CFB, cabFile, cab.bytes);
    await verifyCabStream(cabFile, written, tools);
    results.push(benchmarkPackage(written, runs, tools));
  } finally {
    cleanup();
    if (fs.existsSync(cabFile)) progress(`warning: could not delete ${path.relative(ROOT, cabFile)}`);
  }
  // The quick run only keeps the benchmark working: no verdict.
  const verdicts = options.quick ? undefined : evaluateTargets(results, tools);

  if (options.json) {
    process.stdout.write(
      JSON.stringify({ runs, targets: TARGETS, cabNote: cab.note, results, ...(verdicts ? { verdicts } : {}) }, roundFloats, 2) + '\n',
    );
  } else {
    const notes = [cab.note, tools.note].filter(Boolean).map((n) => `note: ${n}`);
    const verdictLines = verdicts ? ['', renderVerdicts(verdicts)] : [];
    process.stdout.write([renderTable(results), ...(notes.length ? ['', ...notes] : []), ...verdictLines].join('\n') + '\n');
  }
  return verdicts === undefined || verdicts.every((v) => v.pass !== false) ? 0 : 1;
}

/** msidump is the baseline; msiinfo (same package) checks the cabinet independently. Without msidump only --quick runs. */
function findTools(quick) {
  const has = (tool) => !spawnSync(tool, ['--version'], { stdio: 'ignore' }).error;
  const msidump = has('msidump');
  const msiinfo = has('msiinfo');
  if (!msidump && !quick) exitWith(2, 'bench: msidump not found: install msitools (Debian/Ubuntu: apt-get install msitools).\n');
  const note = !msidump ? 'msidump not found (Debian package msitools): its column and the ratio target are skipped' : undefined;
  return { msidump, msiinfo, note };
}

// ---------------------------------------------------------------------------------------------------------------
// The generated packages

/** A WiX-built-looking x64 package: n directories, components, files, registry values and feature links. */
function packageSpec(rows, cabinet) {
  const product = guid('product');
  const dirs = directoryRows(rows);
  const moduleDirs = dirs.slice(4).map((d) => d[0]);
  const components = [];
  const files = [];
  const registry = [];
  const featureComponents = [];
  for (let i = 0; i < rows; i++) {
    const dirIndex = moduleDirs.length > 0 ? i % moduleDirs.length : 0;
    const dir = moduleDirs[dirIndex] ?? 'INSTALLFOLDER';
    const component = `cmp${hex32(`component${i}`)}`;
    const file = `fil${hex32(`file${i}`)}`;
    const reg = `reg${hex32(`registry${i}`)}`;
    const registryKeyed = i % 10 === 9;
    const extension = ['dll', 'dll', 'dll', 'exe', 'config', 'json', 'pdb'][i % 7];
    const binary = extension === 'dll' || extension === 'exe';
    components.push([
      component,
      guid(`component${i}`),
      dir,
      registryKeyed ? 0x104 : 0x100,
      i % 50 === 0 ? 'VersionNT64 >= 603' : null,
      registryKeyed ? reg : file,
    ]);
    files.push([
      file,
      component,
      `${shortName(i)}.${extension.slice(0, 3).toUpperCase()}|Contoso.Module${dirIndex}.Part${i}.${extension}`,
      4096 + (hashInt(`size${i}`) % 8_000_000),
      binary ? `4.${i % 9}.${i % 97}.${1000 + (i % 5000)}` : null,
      binary ? '1033' : null,
      512,
      i + 1,
    ]);
    registry.push([
      reg,
      i % 4 === 0 ? 1 : 2,
      `SOFTWARE\\Contoso\\Bench App\\Modules\\Module${dirIndex}\\Part${i}`,
      ['InstallPath', 'Version', 'Enabled', null][i % 4],
      [`[${dir}]`, `4.${i % 9}.${i % 97}.0`, '#1', `[#${file}]`][i % 4],
      component,
    ]);
    featureComponents.push(['MainFeature', component]);
  }
  return {
    summary: {
      codepage: 1252,
      title: 'Installation Database',
      subject: 'Contoso Bench App',
      author: 'Contoso Ltd.',
      keywords: 'Installer',
      comments: 'This installer database contains the logic and data required to install Contoso Bench App.',
      template: 'x64;1033',
      revisionNumber: guid('package'),
      created: new Date(Date.UTC(2024, 5, 1, 12, 0, 0)),
      lastSaved: new Date(Date.UTC(2024, 5, 1, 12, 0, 0)),
      pageCount: 500,
      wordCount: 2,
      charCount: 0,
      appName: 'Windows Installer XML Toolset (3.14.1.8722)',
      security: 2,
    },
    tables: [
      schemaTable('Property', [
        ['ProductCode', product],
        ['ProductName', 'Contoso Bench App'],
        ['ProductVersion', '4.2.0.1'],
        ['ProductLanguage', '1033'],
        ['Manufacturer', 'Contoso Ltd.'],
        ['UpgradeCode', guid('upgrade')],
        ['ALLUSERS', '1'],
        ['ARPNOMODIFY', '1'],
        ['SecureCustomProperties', 'WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED'],
      ]),
      schemaTable('Directory', dirs),
      schemaTable('Component', components),
      schemaTable('File', files),
      schemaTable('Registry', registry),
      schemaTable('Feature', [['MainFeature', null, 'Contoso Bench App', 'The complete package.', 1, 1, 'INSTALLFOLDER', 0]]),
      schemaTable('FeatureComponents', featureComponents),
      schemaTable('Media', [[1, rows, null, `#${cabinet}`, null, null]]),
    ],
  };
}

/** TARGETDIR > ProgramFiles64Folder > Contoso > Bench App, then group folders of ten module folders each. */
function directoryRows(rows) {
  const out = [
    ['TARGETDIR', null, 'SourceDir'],
    ['ProgramFiles64Folder', 'TARGETDIR', '.'],
    ['CompanyFolder', 'ProgramFiles64Folder', 'Contoso'],
    ['INSTALLFOLDER', 'CompanyFolder', 'BENCHA~1|Bench App'],
  ];
  let group = 'INSTALLFOLDER';
  for (let k = 0; out.length < rows; k++) {
    const id = `dir${hex32(`directory${k}`)}`;
    if (k % 11 === 0) {
      out.push([id, 'INSTALLFOLDER', `GRP${k}|group_${k}_modules`]);
      group = id;
    } else {
      out.push([id, group, `MOD${k % 100_000}|module_${k}_resources`]);
    }
  }
  return out.slice(0, rows);
}

/** A table of the tests' standard schema (test/msi/schema.ts, compiled): the column definitions live there once. */
function schemaTable(name, rows) {
  return createRequire(import.meta.url)(path.join(ROOT, 'out', 'test', 'msi', 'schema.js')).schemaTable(name, rows);
}

function hex32(seed) {
  return createHash('md5').update(seed).digest('hex').toUpperCase();
}

function hashInt(seed) {
  return createHash('md5').update(seed).digest().readUInt32LE(0);
}

function guid(seed) {
  const h = hex32(seed);
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-A${h.slice(17, 20)}-${h.slice(20)}}`;
}

/** An 8.3 short name stem: CO + base-36 counter + ~1. */
function shortName(i) {
  return `CO${i.toString(36).toUpperCase().padStart(4, '0')}~1`;
}

/** The 1k/5k/20k packages, with a small embedded cabinet, written by the in-memory builder. */
function writeBuilderMsi(builder, rows) {
  const file = path.join(WORK_DIR, `tables-${rows / 1000}k.msi`);
  const spec = packageSpec(rows, CABINET);
  const bytes = builder.buildMsi({ ...spec, streams: { [CABINET]: generatedBytes(SMALL_CAB_BYTES) } });
  fs.writeFileSync(file, bytes);
  progress(`wrote ${path.relative(ROOT, file)}: ${rows} rows per table, ${formatMb(bytes.length)} MB`);
  return { label: `${rows / 1000}k rows`, kind: 'tables', rows, file, bytes: bytes.length, cabBytes: SMALL_CAB_BYTES };
}

// ---------------------------------------------------------------------------------------------------------------
// The large-cabinet package

/** The full size when the disk has room for it, else the largest multiple of 64 MB that leaves the margin free. */
function planCabSize(wanted) {
  const stat = fs.statfsSync(WORK_DIR);
  const free = stat.bavail * stat.bsize;
  const fits = Math.floor((free - DISK_MARGIN_BYTES - 16 * MB) / (64 * MB)) * 64 * MB;
  if (fits >= wanted) return { bytes: wanted, note: undefined };
  if (fits < 64 * MB) throw new Error(`only ${formatMb(free)} MB free in ${WORK_DIR}: not enough for the large-cabinet MSI`);
  const note = `only ${formatMb(free)} MB free on the disk: the large cabinet is ${fits / MB} MB instead of ${wanted / MB} MB`;
  progress(note);
  return { bytes: fits, note };
}

/** A run killed outside its cleanup (SIGKILL, power loss) leaves its large file behind: the next run removes it. */
function removeStaleCabMsis() {
  for (const name of fs.readdirSync(WORK_DIR)) {
    if (/^cab-.*\.msi$/.test(name)) {
      progress(`removing ${name}, left by an interrupted run`);
      fs.rmSync(path.join(WORK_DIR, name), { force: true });
    }
  }
}

/** The small table streams as the builder writes them (names compressed), read back from an in-memory MSI. */
function tableStreamsFromBuilder(builder, CFB, rows) {
  const bytes = builder.buildMsi(packageSpec(rows, CABINET));
  const container = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  const streams = [];
  container.FileIndex.forEach((entry, i) => {
    const fullPath = container.FullPaths[i];
    if (entry.type !== 2 || !fullPath.startsWith('Root Entry/') || fullPath.slice('Root Entry/'.length) !== entry.name) return;
    if (entry.name === '\u0001Sh33tJ5') return;
    streams.push({ name: entry.name, bytes: Buffer.from(entry.content) });
  });
  if (!streams.some((s) => s.name === '\u0005SummaryInformation')) throw new Error('the builder MSI has no summary stream');
  return streams;
}

/**
 * Cheap, deterministic cabinet-like bytes: a CFHEADER, then one pseudo-random 16 MB pattern repeated, with the
 * chunk and block numbers stamped at every 4096 bytes so no two sectors are alike. Also hashes what it hands out.
 */
function cabinetGenerator(size, chunkBytes) {
  const pattern = generatedBytes(chunkBytes);
  const hash = createHash('sha256');
  return {
    hash,
    chunk(index, buffer) {
      const length = Math.min(chunkBytes, size - index * chunkBytes);
      buffer.set(pattern.subarray(0, length));
      for (let at = 0; at + 8 <= length; at += 4096) {
        buffer.writeUInt32LE(index, at);
        buffer.writeUInt32LE(at >>> 12, at + 4);
      }
      if (index === 0) {
        buffer.write('MSCF', 0, 'latin1');
        buffer.writeUInt32LE(0, 4);
        buffer.writeUInt32LE(size >>> 0, 8); // cbCabinet
        buffer.writeUInt32LE(0, 12);
        buffer.writeUInt32LE(44, 16); // coffFiles
        buffer.writeUInt32LE(0, 20);
        buffer.writeUInt8(3, 24); // versionMinor
        buffer.writeUInt8(1, 25); // versionMajor
        buffer.writeUInt16LE(1, 26); // cFolders
        buffer.writeUInt16LE(1, 28); // cFiles
      }
      hash.update(buffer.subarray(0, length));
      return length;
    },
  };
}

/** xorshift32 bytes: incompressible enough, and ~50 ms for 16 MB. */
function generatedBytes(length) {
  const words = new Uint32Array(Math.ceil(length / 4));
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer, 0, length);
}

function writeCabMsi(builder, CFB, file, cabBytes) {
  const small = tableStreamsFromBuilder(builder, CFB, CAB_MSI_ROWS);
  const generator = cabinetGenerator(cabBytes, CHUNK_BYTES);
  const start = performance.now();
  progress(`writing ${path.relative(ROOT, file)}: ${CAB_MSI_ROWS} rows per table and a ${formatMb(cabBytes)} MB cabinet...`);
  const layout = writeCompoundFile(
    file,
    small,
    { name: builder.compressStreamName(CABINET, false), size: cabBytes, chunk: generator.chunk },
    { chunkBytes: CHUNK_BYTES },
  );
  progress(
    `wrote ${formatMb(layout.bytes)} MB in ${((performance.now() - start) / 1000).toFixed(1)} s ` +
      `(${layout.sectors} sectors, ${layout.fatSectors} FAT sectors, ${layout.difatSectors} DIFAT sectors)`,
  );
  return {
    label: `${formatMb(cabBytes).replace(/\.0$/, '')} MB cab`,
    kind: 'cab',
    rows: CAB_MSI_ROWS,
    file,
    bytes: layout.bytes,
    cabBytes,
    cabSha256: generator.hash.digest('hex'),
    layout,
  };
}

/** Writes a small package through the same writer and reads every stream back with the cfb package. */
function checkCabWriter(builder, CFB) {
  const file = path.join(WORK_DIR, 'cab-writer-check.msi');
  const small = tableStreamsFromBuilder(builder, CFB, 50);
  const size = 3 * 256 * 1024 + 1234;
  const generator = cabinetGenerator(size, 256 * 1024);
  const cabName = builder.compressStreamName(CABINET, false);
  try {
    writeCompoundFile(file, small, { name: cabName, size, chunk: generator.chunk }, { chunkBytes: 256 * 1024 });
    const container = CFB.read(fs.readFileSync(file), { type: 'buffer' });
    const expected = [...small, { name: cabName, sha256: generator.hash.digest('hex') }];
    for (const s of expected) {
      const found = CFB.find(container, `Root Entry/${s.name}`);
      const content = found && Buffer.from(found.content);
      const ok = content && (s.bytes ? content.equals(s.bytes) : createHash('sha256').update(content).digest('hex') === s.sha256);
      if (!ok) throw new Error(`bench/cfbWriter.mjs: stream ${JSON.stringify(s.name)} does not read back with the cfb package`);
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** msiinfo (libgsf) extracts the cabinet: its bytes must be the ones generated. */
async function verifyCabStream(file, written, tools) {
  if (!tools.msiinfo) return;
  const start = performance.now();
  const hash = createHash('sha256');
  let bytes = 0;
  const child = spawn('msiinfo', ['extract', file, CABINET], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  for await (const data of child.stdout) {
    hash.update(data);
    bytes += data.length;
  }
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`msiinfo extract failed on ${path.relative(ROOT, file)} (${code}): ${stderr.trim()}`);
  if (bytes !== written.cabBytes || hash.digest('hex') !== written.cabSha256) {
    throw new Error(`msiinfo extracts ${bytes} bytes of ${CABINET} that differ from the ${written.cabBytes} generated`);
  }
  progress(`msiinfo extract reads the cabinet back intact (${((performance.now() - start) / 1000).toFixed(1)} s)`);
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements

function benchmarkPackage(pkg, runs, tools) {
  verifyInspect(pkg);
  progress(`${pkg.label}: ${formatMb(pkg.bytes)} MB, ${runs} run(s) each`);
  const inspect = medianOfRuns(runs, () => runWixlint(['inspect', '--format', 'json', pkg.file]));
  const lint = medianOfRuns(runs, () => runWixlint(['--format', 'json', pkg.file]));
  const msidump = tools.msidump ? medianOfRuns(runs, () => runMsidump(pkg.file)) : undefined;
  const { cabSha256: _hash, ...described } = pkg;
  return {
    ...described,
    file: path.relative(ROOT, pkg.file),
    inspect,
    lint,
    msidump,
    inspectVsMsidump: msidump ? inspect.ms / msidump.ms : undefined,
  };
}

/** The package must open and list every table with the rows it was built with, and the cabinet stream at its size. */
function verifyInspect(pkg) {
  const json = spawnSync(process.execPath, [CLI_BIN, 'inspect', '--format', 'json', pkg.file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (json.status !== 0) {
    throw new Error(
      `wixlint inspect cannot read ${path.relative(ROOT, pkg.file)} (${json.status ?? json.signal}): ${json.stderr.trim()} (is dist/cli.js up to date? run \`npm run build\`)`,
    );
  }
  const tables = JSON.parse(json.stdout).tables;
  for (const [name, count] of Object.entries(EXPECTED_ROWS)) {
    const got = tables[name]?.rows.length;
    if (got !== count(pkg.rows))
      throw new Error(`wixlint inspect ${path.relative(ROOT, pkg.file)}: table ${name} has ${got ?? 'no'} rows, expected ${count(pkg.rows)}`);
  }
  const cabinet = tables.Media.rows[0][3];
  if (cabinet !== `#${CABINET}`) throw new Error(`wixlint inspect ${path.relative(ROOT, pkg.file)}: Media.Cabinet is ${cabinet}`);
  const text = spawnSync(process.execPath, [CLI_BIN, 'inspect', pkg.file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (!new RegExp(`^  ${CABINET.replace('.', '\\.')}\\s+${pkg.cabBytes} bytes$`, 'm').test(text.stdout)) {
    throw new Error(`wixlint inspect ${path.relative(ROOT, pkg.file)} does not list stream ${CABINET} at ${pkg.cabBytes} bytes`);
  }
}

/**
 * The CLI in a fresh node process with the peak-RSS preload. Its report goes to /dev/null, as msidump's goes to files,
 * so neither pays for a pipe to this process. Exit 1 is fine (lint found errors).
 */
function runWixlint(args) {
  return runWithPeakRss([CLI_BIN, ...args], `wixlint ${showArgs(args)}`, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** `msidump -d DIR file`: every table to an IDT file in a fresh folder. */
function runMsidump(file) {
  const out = fs.mkdtempSync(path.join(WORK_DIR, 'msidump-'));
  try {
    const start = performance.now();
    const child = spawnSync('msidump', ['-d', out, file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    const ms = performance.now() - start;
    if (child.error) throw child.error;
    if (child.status !== 0)
      throw new Error(`msidump -d ${path.relative(ROOT, file)} failed (${child.status ?? child.signal}): ${child.stderr.trim()}`);
    if (!fs.existsSync(path.join(out, 'File.idt'))) throw new Error(`msidump wrote no File.idt for ${path.relative(ROOT, file)}`);
    return { ms };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

function evaluateTargets(results, tools) {
  const verdicts = [];
  const ratioRow = results.find((r) => r.kind === 'tables' && r.rows === TARGETS.ratioRows);
  if (!tools.msidump || !ratioRow) {
    verdicts.push({ name: `inspect vs msidump, ${TARGETS.ratioRows / 1000}k rows`, pass: undefined, text: 'skipped: msidump not found' });
  } else {
    const r = ratioRow;
    verdicts.push({
      name: `inspect vs msidump, ${r.label}`,
      pass: r.inspectVsMsidump <= TARGETS.inspectVsMsidump,
      text: `inspect ${r.inspect.ms.toFixed(0)} ms / msidump ${r.msidump.ms.toFixed(0)} ms = ${r.inspectVsMsidump.toFixed(2)} <= ${TARGETS.inspectVsMsidump.toFixed(2)}`,
    });
  }
  for (const r of results.filter((x) => x.kind === 'cab')) {
    for (const command of ['inspect', 'lint']) {
      const m = r[command];
      const rssMb = m.rssKb / 1024;
      verdicts.push({
        name: `${command}, ${r.label}`,
        pass: rssMb < TARGETS.cabRssMb && m.ms < TARGETS.cabMs,
        text:
          `peak RSS ${rssMb.toFixed(0)} MB < ${TARGETS.cabRssMb} MB ${rssMb < TARGETS.cabRssMb ? 'ok' : 'over the target'}; ` +
          `time ${m.ms.toFixed(0)} ms < ${TARGETS.cabMs} ms ${m.ms < TARGETS.cabMs ? 'ok' : 'over the target'}`,
      });
    }
  }
  return verdicts;
}

function renderTable(results) {
  const header = ['package', 'rows', 'file MB', 'inspect ms', 'inspect RSS MB', 'lint ms', 'lint RSS MB', 'msidump ms', 'inspect/msidump'];
  const rows = results.map((r) => [
    r.label,
    String(r.rows),
    formatMb(r.bytes),
    r.inspect.ms.toFixed(0),
    (r.inspect.rssKb / 1024).toFixed(0),
    r.lint.ms.toFixed(0),
    (r.lint.rssKb / 1024).toFixed(0),
    r.msidump ? r.msidump.ms.toFixed(0) : '-',
    r.inspectVsMsidump !== undefined ? r.inspectVsMsidump.toFixed(2) : '-',
  ]);
  return alignedTable(header, rows);
}

function renderVerdicts(verdicts) {
  return verdicts.map((v) => `${v.pass === undefined ? 'SKIP' : v.pass ? 'PASS' : 'FAIL'}  ${v.name}: ${v.text}`).join('\n');
}

try {
  process.exitCode = await main();
} catch (e) {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
