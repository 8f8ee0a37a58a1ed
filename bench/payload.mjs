// Benchmarks payload checking: reading the head of a file at the end of a 1.5 GB MSZIP cabinet, whose blocks chain (as
// Microsoft writes MSZIP: all inflated, which the bytes read confirm) or start afresh (as gcab writes it: skipped) — peak
// RSS, MB/s next to `gcab -x` on the same cabinet — and linting 5,000-file packages and sources with payloads against
// without them: `node bench/payload.mjs [--quick] [--json]`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { alignedTable, exitWith, formatMb, median, parseOptions, progress, requireBuild, roundFloats, runWithPeakRss } from './common.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK_DIR = path.join(ROOT, 'bench', '.work');
const OUT = path.join(ROOT, 'out');
const CLI_BUNDLE = path.join(ROOT, 'dist', 'cli.js');
const CLI_BIN = path.join(ROOT, 'bin', 'wixlint.js');
const MB = 1024 * 1024;
const FULL_CAB_BYTES = 1536 * MB;
const QUICK_CAB_BYTES = 8 * MB;
const FILE_COUNT = 5_000;
const QUICK_FILE_COUNT = 500;
const FULL_RUNS = 3;
/** Left free on the disk after writing the cabinet and extracting it with gcab. */
const DISK_MARGIN_BYTES = 512 * MB;
const TARGETS = { cabRssMb: 200, vsGcab: 0.8, payloadRatio: 2 };
/** The filler keeps this much of what it made: MSZIP's 32 KB window, which its copies reach into. */
const FILLER_HISTORY = 32 * 1024;
const FILLER_SEED = 0x2545f491;
/** Its literal runs and copies are 64 to 511 bytes long. */
const FILLER_RUN_MIN = 64;
const FILLER_RUN_SPREAD = 448;
/** Copies come from 1 to 31 KB back: within deflate's window, and often from the block before. */
const FILLER_COPY_MIN_DISTANCE = 1024;
const FILLER_COPY_MAX_DISTANCE = 31 * 1024;
/** Literals are 6-bit, so that even they deflate a little. */
const FILLER_LITERAL_MASK = 0x3f;
/** Reading a chained cabinet must read nearly all of it, else its blocks did not chain and nothing was inflated. */
const CHAINED_MIN_READ_FRACTION = 0.99;
const USAGE =
  'usage: node bench/payload.mjs [--quick] [--json]\n' +
  `  --quick  a ${QUICK_CAB_BYTES / MB} MB cabinet and ${QUICK_FILE_COUNT} files, 1 run each; figures only, no verdict, exits 0 (CI smoke run)\n` +
  '  --json   print the results as JSON\n';

const require = createRequire(import.meta.url);

function main() {
  const options = parseOptions(process.argv.slice(2), USAGE);
  requireBuild([CLI_BUNDLE, path.join(OUT, 'server', 'src', 'payload', 'cabinet.js'), path.join(OUT, 'test', 'payload', 'peImage.js')], CLI_BIN);
  fs.mkdirSync(WORK_DIR, { recursive: true });
  const runs = options.quick ? 1 : FULL_RUNS;
  const gcab = !spawnSync('gcab', ['--version']).error;
  const results = [];
  const cabBytes = options.quick ? QUICK_CAB_BYTES : FULL_CAB_BYTES;
  if (gcab) results.push(cabinetScenario(cabBytes, runs, true), cabinetScenario(cabBytes, runs, false));
  else progress('gcab not found (Debian package gcab): the large-cabinet scenario is skipped');
  const files = options.quick ? QUICK_FILE_COUNT : FILE_COUNT;
  results.push(lintScenario('package', files, runs), lintScenario('sources', files, runs));

  const verdicts = options.quick ? undefined : evaluate(results);
  if (options.json) {
    process.stdout.write(JSON.stringify({ runs, targets: TARGETS, results, ...(verdicts ? { verdicts } : {}) }, roundFloats, 2) + '\n');
  } else {
    process.stdout.write(
      [render(results), ...(verdicts ? ['', verdicts.map((v) => `${v.pass ? 'PASS' : 'FAIL'}  ${v.name}: ${v.text}`).join('\n')] : [])].join('\n') +
        '\n',
    );
  }
  return verdicts === undefined || verdicts.every((v) => v.pass) ? 0 : 1;
}

// The large cabinet

/**
 * The filler's bytes, made in order a megabyte at a time: runs of pseudo-random 6-bit bytes alternating with copies of
 * earlier bytes from 1 to 31 KB back. It deflates to about 40% with MSZIP's history kept across blocks, 55% without,
 * and its copies reach back across 32 KB block boundaries, so a compressor that keeps its history (as Microsoft's does)
 * makes every MSZIP block refer to the one before it.
 */
class Filler {
  constructor() {
    // The last FILLER_HISTORY bytes of the previous chunk, then the chunk being made.
    this.buffer = new Uint8Array(FILLER_HISTORY + MB);
    this.made = 0;
    this.x = FILLER_SEED;
  }

  random() {
    this.x ^= this.x << 13;
    this.x ^= this.x >>> 17;
    this.x ^= this.x << 5;
    this.x >>>= 0;
    return this.x;
  }

  /** The next megabyte (a view, valid until the next call). */
  next() {
    const b = this.buffer;
    b.copyWithin(0, MB, MB + FILLER_HISTORY);
    const end = FILLER_HISTORY + MB;
    let at = FILLER_HISTORY;
    let copy = false;
    while (at < end) {
      const length = Math.min(end - at, FILLER_RUN_MIN + (this.random() % FILLER_RUN_SPREAD));
      // The first chunk has no history yet: it starts with literals.
      if (copy && this.made + (at - FILLER_HISTORY) > FILLER_COPY_MAX_DISTANCE) {
        const distance = FILLER_COPY_MIN_DISTANCE + (this.random() % (FILLER_COPY_MAX_DISTANCE - FILLER_COPY_MIN_DISTANCE));
        b.copyWithin(at, at - distance, at - distance + length);
      } else {
        for (let i = at; i < at + length; i++) b[i] = this.random() & FILLER_LITERAL_MASK;
      }
      at += length;
      copy = !copy;
    }
    this.made += MB;
    return b.subarray(FILLER_HISTORY);
  }
}

/**
 * A cabinet of `folderBytes` in one MSZIP folder: the filler, then the wanted tool.exe, its head at the folder's very
 * end and in a block that also holds the filler's tail. `chained`: written here with each block deflated against the
 * one before, as Microsoft's compressor (and so every WiX-built package) writes MSZIP, so that the whole folder must be
 * inflated to reach the head; else by `gcab -cz`, whose blocks start afresh and can be skipped.
 */
function ensureCabinet(folderBytes, chained) {
  const dir = path.join(WORK_DIR, `payload-cabinet-${folderBytes / MB}mb${chained ? '-chained' : '-gcab'}`);
  const cab = path.join(dir, 'big.cab');
  if (fs.existsSync(path.join(dir, '.complete'))) return cab;
  const free = fs.statfsSync(WORK_DIR).bavail * fs.statfsSync(WORK_DIR).bsize;
  if (free < 3 * folderBytes + DISK_MARGIN_BYTES) {
    throw new Error(`only ${formatMb(free)} MB free in ${WORK_DIR}: not enough for a ${folderBytes / MB} MB cabinet`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const pe = require(path.join(OUT, 'test', 'payload', 'peImage.js'));
  const tool = pe.peImage({ machine: pe.IMAGE_FILE_MACHINE_AMD64 });
  const fillerBytes = folderBytes - tool.length;
  const filler = new Filler();
  if (chained) {
    progress(`writing a ${folderBytes / MB} MB cabinet whose MSZIP blocks chain (once; kept in ${path.relative(ROOT, dir)})...`);
    const { streamChainedCabinet } = require(path.join(OUT, 'test', 'payload', 'cabinetImage.js'));
    const fd = fs.openSync(cab, 'w');
    // streamChainedCabinet asks for the folder's bytes in order, a block at a time.
    let chunk = new Uint8Array(0);
    let chunkStart = 0;
    const fill = (offset, into) => {
      for (let done = 0; done < into.length; ) {
        const at = offset + done;
        if (at >= fillerBytes) {
          into.set(tool.subarray(at - fillerBytes, at - fillerBytes + into.length - done), done);
          break;
        }
        if (at >= chunkStart + chunk.length) {
          chunkStart += chunk.length;
          chunk = filler.next();
        }
        const take = Math.min(into.length - done, chunkStart + chunk.length - at, fillerBytes - at);
        into.set(chunk.subarray(at - chunkStart, at - chunkStart + take), done);
        done += take;
      }
    };
    streamChainedCabinet(
      [
        { name: 'filler.bin', size: fillerBytes },
        { name: 'tool.exe', size: tool.length },
      ],
      fill,
      { write: (bytes) => fs.writeSync(fd, bytes), patch: (offset, bytes) => fs.writeSync(fd, bytes, 0, bytes.length, offset) },
    );
    fs.closeSync(fd);
  } else {
    progress(`writing a ${folderBytes / MB} MB cabinet with gcab -cz (once; kept in ${path.relative(ROOT, dir)})...`);
    const fillerFile = path.join(dir, 'filler.bin');
    const fd = fs.openSync(fillerFile, 'w');
    for (let written = 0; written < fillerBytes; written += MB) {
      const chunk = filler.next();
      fs.writeSync(fd, chunk, 0, Math.min(MB, fillerBytes - written));
    }
    fs.closeSync(fd);
    fs.writeFileSync(path.join(dir, 'tool.exe'), tool);
    const made = spawnSync('gcab', ['-cz', 'big.cab', 'filler.bin', 'tool.exe'], { cwd: dir, encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`gcab -cz failed: ${made.stderr}`);
    fs.rmSync(fillerFile);
  }
  fs.writeFileSync(path.join(dir, '.complete'), '');
  return cab;
}

function cabinetScenario(folderBytes, runs, chained) {
  const cab = ensureCabinet(folderBytes, chained);
  // The child times the read itself (no process start-up), counts the bytes it asked the file for, and writes both to
  // `resultFile`.
  const resultFile = path.join(WORK_DIR, `payload-cabinet-result-${process.pid}.json`);
  const script = `
    const { openFileSource } = require(${JSON.stringify(path.join(OUT, 'server', 'src', 'io', 'fileSource.js'))});
    const { readCabinetHeads } = require(${JSON.stringify(path.join(OUT, 'server', 'src', 'payload', 'cabinet.js'))});
    const file = openFileSource(${JSON.stringify(cab)});
    let bytesRead = 0;
    const source = {
      size: file.size,
      read: (offset, length) => ((bytesRead += length), file.read(offset, length)),
      readInto: (offset, target) => { const n = file.readInto(offset, target); bytesRead += n; return n; },
    };
    const start = performance.now();
    const read = readCabinetHeads(source, new Set(['tool.exe']), 8192);
    const ms = performance.now() - start;
    if (read.heads.get('tool.exe')?.[0] !== 0x4d) { console.error(JSON.stringify(read.unchecked)); process.exit(3); }
    require('node:fs').writeFileSync(${JSON.stringify(resultFile)}, JSON.stringify({ ms, bytesRead }));`;
  const ours = [];
  const gcabMs = [];
  for (let i = 0; i < runs; i++) {
    progress(`reading the head at the end of ${path.relative(ROOT, cab)} (run ${i + 1} of ${runs})...`);
    const run = runWithPeakRss(['-e', script], 'readCabinetHeads');
    ours.push({ wallMs: run.ms, rssKb: run.rssKb, ...JSON.parse(fs.readFileSync(resultFile, 'utf8')) });
    fs.rmSync(resultFile);
    const target = fs.mkdtempSync(path.join(WORK_DIR, 'gcab-x-'));
    progress('extracting it with gcab -x...');
    const start = performance.now();
    const x = spawnSync('gcab', ['-x', '-C', target, cab], { encoding: 'utf8' });
    gcabMs.push(performance.now() - start);
    fs.rmSync(target, { recursive: true, force: true });
    if (x.status !== 0) throw new Error(`gcab -x failed: ${x.stderr}`);
  }
  const cabBytes = fs.statSync(cab).size;
  const readFraction = Math.max(...ours.map((o) => o.bytesRead)) / cabBytes;
  // A chained cabinet whose last block the reader could inflate alone would time nothing but skipping.
  if (chained && readFraction < CHAINED_MIN_READ_FRACTION) {
    throw new Error(`the reader read only ${(readFraction * 100).toFixed(1)}% of ${cab}: its blocks do not chain, so it measures no decompression`);
  }
  const ms = median(ours.map((o) => o.ms));
  const wallMs = median(ours.map((o) => o.wallMs));
  const gcab = median(gcabMs);
  return {
    kind: 'cabinet',
    chained,
    label: `${folderBytes / MB} MB MSZIP cabinet, ${chained ? 'blocks chained (as Microsoft writes them)' : 'blocks afresh (gcab -cz)'}`,
    cabMb: cabBytes / MB,
    readMb: Math.max(...ours.map((o) => o.bytesRead)) / MB,
    ms,
    wallMs,
    rssMb: Math.max(...ours.map((o) => o.rssKb)) / 1024,
    mbPerS: folderBytes / MB / (wallMs / 1000),
    gcabMs: gcab,
    gcabMbPerS: folderBytes / MB / (gcab / 1000),
  };
}

// 5,000 files, with payloads and without

function ensureFiles(kind, count) {
  const dir = path.join(WORK_DIR, `payload-${kind}-${count}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  progress(`writing ${count} payloads for the ${kind} scenario...`);
  const pe = require(path.join(OUT, 'test', 'payload', 'peImage.js'));
  const image = (i) => {
    const head = pe.peImage({ machine: i % 3 === 0 ? pe.IMAGE_FILE_MACHINE_I386 : pe.IMAGE_FILE_MACHINE_AMD64, dll: true });
    // Files of a realistic size: 16 KB each, so a package's cabinet is 80 MB before compression.
    const file = new Uint8Array(16 * 1024);
    file.set(head);
    for (let b = head.length; b < file.length; b++) file[b] = (b * 31 + i) & 0xff;
    return file;
  };
  const components = Array.from({ length: count }, (_, i) => i);
  if (kind === 'sources') {
    for (const i of components) fs.writeFileSync(path.join(dir, 'bin', `f${i}.dll`), image(i));
    const body = components
      .map((i) => `          <Component Id="C${i}" Guid="*" Win64="yes"><File Id="F${i}" Source="bin\\f${i}.dll" /></Component>`)
      .join('\n');
    fs.writeFileSync(
      path.join(dir, 'Product.wxs'),
      `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="Bench" Language="1033" Version="1.0.0" Manufacturer="Bench" UpgradeCode="{2E1A3B7C-4D5E-4F60-8A9B-0C1D2E3F4A5B}">
    <Package InstallerVersion="200" Compressed="yes" Platform="x64" />
    <Directory Id="TARGETDIR" Name="SourceDir"><Directory Id="ProgramFiles64Folder"><Directory Id="INSTALLDIR" Name="Bench">
${body}
    </Directory></Directory></Directory>
    <Feature Id="Main">${components.map((i) => `<ComponentRef Id="C${i}" />`).join('')}</Feature>
  </Product>
</Wix>
`,
    );
  } else {
    const builder = require(path.join(OUT, 'test', 'msi', 'builder.js'));
    const { schemaTable } = require(path.join(OUT, 'test', 'msi', 'schema.js'));
    const { cabinetImage } = require(path.join(OUT, 'test', 'payload', 'cabinetImage.js'));
    const cab = cabinetImage({ folders: [{ type: 1, files: components.map((i) => ({ name: `F${i}`, data: image(i) })) }] });
    const bytes = builder.buildMsi({
      summary: { template: 'x64;1033', pageCount: 200, wordCount: 2 },
      tables: [
        schemaTable('Property', [['ProductName', 'Bench']]),
        schemaTable('Directory', [
          ['TARGETDIR', null, 'SourceDir'],
          ['ProgramFiles64Folder', 'TARGETDIR', '.'],
          ['INSTALLDIR', 'ProgramFiles64Folder', 'Bench'],
        ]),
        schemaTable(
          'Component',
          components.map((i) => [`C${i}`, null, 'INSTALLDIR', 0x100, null, `F${i}`]),
        ),
        schemaTable(
          'File',
          components.map((i) => [`F${i}`, `C${i}`, `f${i}.dll`, 16 * 1024, null, null, 0, i + 1]),
        ),
        schemaTable('Media', [[1, count, null, '#bench.cab', null, null]]),
      ],
      streams: { 'bench.cab': cab },
    });
    fs.writeFileSync(path.join(dir, 'bench.msi'), bytes);
  }
  if (kind !== 'sources') fs.rmSync(path.join(dir, 'bin'), { recursive: true, force: true });
  fs.writeFileSync(marker, '');
  return dir;
}

function lintScenario(kind, count, runs) {
  const dir = ensureFiles(kind, count);
  const input = kind === 'sources' ? 'Product.wxs' : 'bench.msi';
  const time = (extra) =>
    median(Array.from({ length: runs }, () => runWithPeakRss([CLI_BIN, '--format', 'json', ...extra, input], `wixlint ${input}`, { cwd: dir }).ms));
  progress(`linting the ${count}-file ${kind} with and without payloads...`);
  const without = time(['--rule', 'payload-isa=off']);
  const withPayloads = time([]);
  return { kind: 'lint', label: `${count}-file ${kind}`, withMs: withPayloads, withoutMs: without, ratio: withPayloads / without };
}

function evaluate(results) {
  const verdicts = [];
  for (const cab of results.filter((r) => r.kind === 'cabinet')) {
    verdicts.push({
      name: `${cab.label}: peak RSS`,
      pass: cab.rssMb < TARGETS.cabRssMb,
      text: `${cab.rssMb.toFixed(0)} MB < ${TARGETS.cabRssMb} MB`,
    });
    const vs = cab.mbPerS / cab.gcabMbPerS;
    verdicts.push({
      name: `${cab.label}: ${cab.chained ? 'decompression' : 'reading the head'} vs gcab -x`,
      pass: vs >= TARGETS.vsGcab,
      text: `${cab.mbPerS.toFixed(0)} MB/s vs gcab -x ${cab.gcabMbPerS.toFixed(0)} MB/s = ${vs.toFixed(2)} >= ${TARGETS.vsGcab}`,
    });
  }
  for (const r of results.filter((x) => x.kind === 'lint')) {
    verdicts.push({
      name: `${r.label}: lint with payloads vs without`,
      pass: r.ratio <= TARGETS.payloadRatio,
      text: `${r.withMs.toFixed(0)} ms / ${r.withoutMs.toFixed(0)} ms = ${r.ratio.toFixed(2)} <= ${TARGETS.payloadRatio}`,
    });
  }
  return verdicts;
}

function render(results) {
  const lines = [];
  const cab = results.filter((r) => r.kind === 'cabinet');
  if (cab.length > 0) {
    lines.push(
      alignedTable(
        ['cabinet', 'cab MB', 'read MB', 'read ms', 'process ms', 'MB/s', 'peak RSS MB', 'gcab -x ms', 'gcab MB/s'],
        cab.map((r) => [
          r.label,
          r.cabMb.toFixed(0),
          r.readMb.toFixed(0),
          r.ms.toFixed(0),
          r.wallMs.toFixed(0),
          r.mbPerS.toFixed(0),
          r.rssMb.toFixed(0),
          r.gcabMs.toFixed(0),
          r.gcabMbPerS.toFixed(0),
        ]),
        { firstLeft: true },
      ),
      '',
    );
  }
  lines.push(
    alignedTable(
      ['lint', 'with payloads ms', 'without ms', 'ratio'],
      results.filter((r) => r.kind === 'lint').map((r) => [r.label, r.withMs.toFixed(0), r.withoutMs.toFixed(0), r.ratio.toFixed(2)]),
      { firstLeft: true },
    ),
  );
  return lines.join('\n');
}

try {
  process.exitCode = main();
} catch (error) {
  exitWith(2, `bench: ${error instanceof Error ? error.message : String(error)}\n`);
}
