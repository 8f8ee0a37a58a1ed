// Benchmarks wixlint against fast-xml-parser alone on generated WiX v3 projects (1k–65k components): `npm run bench -- [--quick] [--json]`.
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  alignedTable,
  exitWith,
  formatMb,
  median,
  medianOfRuns,
  medianOfSamples,
  parseOptions,
  progress,
  requireBuild,
  roundFloats,
  runWithPeakRss,
  showArgs,
} from './common.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK_DIR = path.join(ROOT, 'bench', '.work');
const LINT_MODULE = path.join(ROOT, 'out', 'server', 'src', 'engine', 'lint.js');
const DIST_DIR = path.join(ROOT, 'dist');
const CLI_BIN = path.join(ROOT, 'bin', 'wixlint.js');

const FULL_RUNS = 5;
const COMPONENTS_PER_DIR = 100;
const DIRS_PER_GROUP = 10;
const TARGETS = { timeRatio: 1.5, rssRatio: 2.5, rulesShare: 0.25 };

/**
 * What is measured. `plain`: the speed and memory targets, on projects of files and registry values. `com`: the rule
 * engine's budget when every component registers a COM class, in an x64 package whose components are half 32-bit
 * and half 64-bit, so the registry collision check pairs all of them (time and memory are shown, not judged there).
 */
const SCENARIOS = [
  {
    name: 'plain',
    fullSizes: [1_000, 5_000, 20_000, 65_000],
    quickSizes: [1_000, 5_000],
    arch: 'x86',
    judged: ['time ratio', 'RSS ratio', 'rules share'],
  },
  { name: 'com', fullSizes: [65_000], quickSizes: [5_000], arch: 'x64', judged: ['rules share'] },
  // Output that scales with the problems: every component is 64-bit in the x86 build (ICE80 #1 each), and those of
  // every other folder also install under the 32-bit Program Files (#9): 1.5 problems per component, in JSON; and the
  // same report as text (the default) and as SARIF (for code scanning), whose memory is judged too.
  { name: 'mixed', fullSizes: [65_000], quickSizes: [5_000], arch: 'x86', judged: ['time ratio', 'RSS ratio'] },
  { name: 'mixed-text', project: 'mixed', format: 'text', fullSizes: [65_000], quickSizes: [5_000], arch: 'x86', judged: ['RSS ratio'] },
  { name: 'mixed-sarif', project: 'mixed', format: 'sarif', fullSizes: [65_000], quickSizes: [5_000], arch: 'x86', judged: ['RSS ratio'] },
];

// The fast-xml-parser baseline: what any tool built on it pays to read and parse the file, with the ordered, positioned tree wixlint needs.
const FXP_CHILD_SOURCE = `
const fs = require('node:fs');
const { XMLParser } = require('fast-xml-parser');
const text = fs.readFileSync(process.argv[1], 'utf8');
new XMLParser({ preserveOrder: true, captureMetaData: true }).parse(text);
`;

// The phases, timed inside one lint run: in a child of its own as well, so that this process never holds a lint's heap
// (whose garbage collector would go on working beside the children timed next, on a 2-core machine).
const PHASES_CHILD_SOURCE = `
const fs = require('node:fs');
const [lintModule, file, shownAs, arch] = process.argv.slice(1);
const { lintSources } = require(lintModule);
const text = fs.readFileSync(file, 'utf8');
const result = lintSources([{ path: shownAs, text }], {
  platforms: [arch],
  defines: {},
  includePaths: [],
  env: {},
  severities: {},
  host: { readFile: () => undefined },
});
process.stdout.write(JSON.stringify({ ...result.timings, problems: result.problems.length }));
`;

const USAGE =
  'usage: node bench/lint.mjs [--quick] [--json] [--scenario NAME]\n' +
  '  --quick  1 run each, 1k and 5k components only; figures only, no verdict, exits 0 (CI smoke run)\n' +
  '  --json   print the figures as JSON instead of a table\n' +
  `  --scenario NAME  only this scenario (${SCENARIOS.map((x) => x.name).join(', ')})\n`;

function main() {
  const options = parseOptions(process.argv.slice(2), USAGE, ['--scenario']);
  const only = options.scenario;
  if (only !== undefined && !SCENARIOS.some((x) => x.name === only)) exitWith(2, `bench: unknown scenario '${only}'\n${USAGE}`);
  requireBuild([LINT_MODULE, DIST_DIR], CLI_BIN);
  const runs = options.quick ? 1 : FULL_RUNS;

  fs.mkdirSync(WORK_DIR, { recursive: true });
  const results = SCENARIOS.filter((scenario) => only === undefined || scenario.name === only).flatMap((scenario) =>
    (options.quick ? scenario.quickSizes : scenario.fullSizes).map((components) => benchmarkSize(scenario, components, runs)),
  );
  // The quick run only keeps the benchmark working: one sample on a busy CI machine is no ground for a verdict.
  const verdicts = options.quick ? undefined : results.map(evaluateTargets);

  if (options.json) {
    process.stdout.write(JSON.stringify({ runs, targets: TARGETS, results, ...(verdicts ? { verdicts } : {}) }, roundFloats, 2) + '\n');
  } else {
    process.stdout.write(renderTable(results) + '\n' + (verdicts ? '\n' + renderVerdicts(verdicts) + '\n' : ''));
  }
  return verdicts === undefined || verdicts.every((v) => v.pass) ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------------------------
// The generated project

function writeProject(scenario, components) {
  const project = scenario.project ?? scenario.name;
  // A folder of its own: wixlint links a file given alone with the sources of its folder, as its build would.
  const dir = path.join(WORK_DIR, project === 'plain' ? `product-${components}` : `product-${project}-${components}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'Product.wxs');
  fs.writeFileSync(file, generateWxs(components, project));
  return file;
}

/**
 * A WiX v3 product as a person would write it: defines up top, a nested directory tree, one feature referencing
 * everything. In `com`, every component registers a COM class, and the odd directories move to a 64-bit tree. In
 * `mixed`, every component is Win64="yes" and the even directories move to a 64-bit tree.
 */
function generateWxs(components, scenario) {
  const com = scenario === 'com';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<?define ProductName = "Bench Application" ?>',
    '<?define ProductVersion = "1.2.3.0" ?>',
    '<?define Manufacturer = "Bench Corp" ?>',
    '<?define SourceDir = "..\\build\\Release" ?>',
    '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
    '  <Product Id="*" Name="$(var.ProductName)" Language="1033" Version="$(var.ProductVersion)"',
    '           Manufacturer="$(var.Manufacturer)" UpgradeCode="{6A1C4E92-3B0D-4F7A-9E21-5C8D7B3F0A14}">',
    '    <Package InstallerVersion="200" Compressed="yes" InstallScope="perMachine"',
    '             Description="$(var.ProductName) $(var.ProductVersion)" />',
    '    <MajorUpgrade DowngradeErrorMessage="A newer version of $(var.ProductName) is already installed." />',
    '    <MediaTemplate EmbedCab="yes" />',
    '',
    '    <Directory Id="TARGETDIR" Name="SourceDir">',
  ];
  const dirCount = Math.ceil(components / COMPONENTS_PER_DIR);
  const trees = com
    ? [
        { folder: 'ProgramFilesFolder', id: 'INSTALLDIR32', win64: 'no', dirs: (d) => d % 2 === 0 },
        { folder: 'ProgramFiles64Folder', id: 'INSTALLDIR', win64: undefined, dirs: (d) => d % 2 === 1 },
      ]
    : scenario === 'mixed'
      ? [
          { folder: 'ProgramFilesFolder', id: 'INSTALLDIR', win64: 'yes', dirs: (d) => d % 2 === 1 },
          { folder: 'ProgramFiles64Folder', id: 'INSTALLDIR64', win64: 'yes', dirs: (d) => d % 2 === 0 },
        ]
      : [{ folder: 'ProgramFilesFolder', id: 'INSTALLDIR', win64: undefined, dirs: () => true }];
  for (const tree of trees) {
    lines.push(`      <Directory Id="${tree.folder}">`, `        <Directory Id="${tree.id}" Name="$(var.ProductName)">`);
    for (let group = 0; group * DIRS_PER_GROUP < dirCount; group++) {
      const lastDir = Math.min(dirCount, (group + 1) * DIRS_PER_GROUP);
      const dirs = [];
      for (let dir = group * DIRS_PER_GROUP; dir < lastDir; dir++) if (tree.dirs(dir)) dirs.push(dir);
      if (dirs.length === 0) continue;
      lines.push(`          <Directory Id="${tree.id}Group${group}" Name="group${group}">`);
      for (const dir of dirs) {
        lines.push(`            <Directory Id="Dir${dir}" Name="module${dir}">`);
        const lastComponent = Math.min(components, (dir + 1) * COMPONENTS_PER_DIR);
        for (let n = dir * COMPONENTS_PER_DIR; n < lastComponent; n++) lines.push(...componentLines(n, group, dir, com, tree.win64));
        lines.push('            </Directory>');
      }
      lines.push('          </Directory>');
    }
    lines.push('        </Directory>', '      </Directory>');
  }
  lines.push('    </Directory>', '', '    <Feature Id="Complete" Title="$(var.ProductName)" Level="1" ConfigurableDirectory="INSTALLDIR">');
  for (let n = 0; n < components; n++) lines.push(`      <ComponentRef Id="C${n}" />`);
  lines.push('    </Feature>', '  </Product>', '</Wix>', '');
  return lines.join('\r\n');
}

function componentLines(n, group, dir, com, win64) {
  const indent = '              ';
  const source = `$(var.SourceDir)\\group${group}\\module${dir}\\lib${n}.dll`;
  const bitness = win64 === undefined ? '' : ` Win64="${win64}"`;
  return [
    `${indent}<Component Id="C${n}" Guid="${guidFor(n)}"${bitness}>`,
    ...(com
      ? [
          `${indent}  <File Id="F${n}" Source="${source}" KeyPath="yes">`,
          `${indent}    <Class Id="${guidFor(n, 'B')}" Context="InprocServer32" ThreadingModel="apartment" Description="Bench class ${n}" />`,
          `${indent}  </File>`,
        ]
      : [`${indent}  <File Id="F${n}" Source="${source}" KeyPath="yes" />`]),
    `${indent}  <RegistryValue Root="HKCU" Key="Software\\Bench\\C${n}" Name="installed" Type="integer" Value="1" KeyPath="no" />`,
    `${indent}</Component>`,
  ];
}

function guidFor(n, variant = 'A') {
  return `{3F2504E0-4F89-41D3-9${variant}0C-${n.toString(16).toUpperCase().padStart(12, '0')}}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements

function benchmarkSize(scenario, components, runs) {
  const file = writeProject(scenario, components);
  const bytes = fs.statSync(file).size;
  progress(`${scenario.name}: ${components} components, ${formatMb(bytes)} MB, ${runs} run(s) each`);

  // In pairs, each wixlint run right after a parser run: a shared machine that slows down for a minute slows both
  // alike, where five parser runs and then five wixlint runs would judge the machine. Each pair gives its ratios; the
  // median ratio is judged.
  const pairs = Array.from({ length: runs }, () => ({
    fxp: runChild(['-e', FXP_CHILD_SOURCE, file]),
    wixlint: runChild([CLI_BIN, '--arch', scenario.arch, '--format', scenario.format ?? 'json', file]),
  }));
  const fxp = medianOfSamples(pairs.map((p) => p.fxp));
  const wixlint = medianOfSamples(pairs.map((p) => p.wixlint));
  const inProcess = medianOfRuns(runs, () => lintPhases(file, scenario.arch));

  const phaseTotal = inProcess.parseMs + inProcess.lowerMs + inProcess.rulesMs;
  return {
    scenario: scenario.name,
    judged: scenario.judged,
    components,
    fileBytes: bytes,
    fxp,
    wixlint,
    timeRatio: median(pairs.map((p) => p.wixlint.ms / p.fxp.ms)),
    rssRatio: median(pairs.map((p) => p.wixlint.rssKb / p.fxp.rssKb)),
    inProcess: { ...inProcess, rulesShare: inProcess.rulesMs / phaseTotal },
  };
}

/**
 * A fresh node process with the peak-RSS preload, its standard output written to a file (as CI keeps a report:
 * `wixlint --format json . > report.json`), whose size is the output's. Not a pipe read back here: the bench would
 * then time itself taking in and decoding the 54 MB of the mixed scenario's report (0.5 s), not wixlint.
 */
function runChild(nodeArgs) {
  const what = nodeArgs[0] === '-e' ? 'fast-xml-parser child' : `node ${showArgs(nodeArgs)}`;
  const outputFile = path.join(WORK_DIR, `output-${process.pid}.txt`);
  const fd = fs.openSync(outputFile, 'w');
  try {
    const run = runWithPeakRss(nodeArgs, what, { stdio: ['ignore', fd, 'pipe'] });
    return { ...run, outputBytes: fs.fstatSync(fd).size };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(outputFile, { force: true });
  }
}

/** One lint's parse, lower and rules times and its problem count, from a child (see PHASES_CHILD_SOURCE). */
function lintPhases(file, arch) {
  const child = spawnSync(process.execPath, ['-e', PHASES_CHILD_SOURCE, LINT_MODULE, file, path.relative(ROOT, file), arch], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`the phases child failed (status ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout);
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

function evaluateTargets(r) {
  const checks = [
    { name: 'time ratio', value: r.timeRatio, limit: TARGETS.timeRatio, show: (v) => `${v.toFixed(2)}x` },
    { name: 'RSS ratio', value: r.rssRatio, limit: TARGETS.rssRatio, show: (v) => `${v.toFixed(2)}x` },
    { name: 'rules share', value: r.inProcess.rulesShare, limit: TARGETS.rulesShare, show: formatPercent },
  ]
    .filter((c) => r.judged.includes(c.name))
    .map((c) => ({ ...c, pass: c.value <= c.limit }));
  return {
    scenario: r.scenario,
    components: r.components,
    pass: checks.every((c) => c.pass),
    checks: checks.map(({ name, value, limit, pass, show }) => ({ name, value, limit, pass, text: `${show(value)} <= ${show(limit)}` })),
  };
}

function renderTable(results) {
  const header = [
    'scenario',
    'components',
    'file MB',
    'fxp ms',
    'fxp RSS MB',
    'wixlint ms',
    'wixlint RSS MB',
    'time x',
    'RSS x',
    'parse ms',
    'lower ms',
    'rules ms',
    'rules %',
    'problems',
    'output MB',
  ];
  const rows = results.map((r) => [
    r.scenario,
    String(r.components),
    formatMb(r.fileBytes),
    r.fxp.ms.toFixed(0),
    (r.fxp.rssKb / 1024).toFixed(0),
    r.wixlint.ms.toFixed(0),
    (r.wixlint.rssKb / 1024).toFixed(0),
    r.timeRatio.toFixed(2),
    r.rssRatio.toFixed(2),
    r.inProcess.parseMs.toFixed(0),
    r.inProcess.lowerMs.toFixed(0),
    r.inProcess.rulesMs.toFixed(0),
    formatPercent(r.inProcess.rulesShare),
    String(r.inProcess.problems),
    formatMb(r.wixlint.outputBytes),
  ]);
  return alignedTable(header, rows);
}

function renderVerdicts(verdicts) {
  return verdicts
    .map((v) => {
      const checks = v.checks.map((c) => `${c.name} ${c.text} ${c.pass ? 'ok' : 'over the target'}`).join('; ');
      return `${v.pass ? 'PASS' : 'FAIL'}  ${v.scenario.padEnd(6)} ${String(v.components).padStart(6)} components: ${checks}`;
    })
    .join('\n');
}

function formatPercent(share) {
  return `${(share * 100).toFixed(1)}%`;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
