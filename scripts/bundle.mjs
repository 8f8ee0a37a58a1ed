// Bundles the CLI, and the language server and VS Code extension once their entry points exist, into dist/ with esbuild.
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: false,
  logLevel: 'info',
};

// Separate builds so that only the extension may leave 'vscode' unresolved: the CLI and server must never need it.
const builds = [
  { entry: 'server/src/node/cli.ts', outfile: 'dist/cli.js', required: true },
  { entry: 'server/src/node/main.ts', outfile: 'dist/server.js', required: false },
  { entry: 'client/src/extension.ts', outfile: 'dist/extension.js', required: false, external: ['vscode'] },
  // The MSI inspector's webview script runs in the browser: no Node, no modules, no source map to serve.
  {
    entry: 'client/webview/inspector.ts',
    outfile: 'dist/inspector.js',
    required: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: false,
  },
].filter((b) => b.required || existsSync(join(root, b.entry)));

try {
  await Promise.all(
    builds.map((b) =>
      esbuild.build({
        ...common,
        entryPoints: [b.entry],
        outfile: b.outfile,
        external: b.external ?? [],
        ...(b.platform ? { platform: b.platform, format: b.format, target: b.target, sourcemap: b.sourcemap } : {}),
      }),
    ),
  );
} catch {
  // esbuild has already printed the errors (logLevel 'info').
  process.exitCode = 1;
}

// The inspector's style sheet ships as it is.
if (existsSync(join(root, 'client', 'webview', 'inspector.css'))) {
  copyFileSync(join(root, 'client', 'webview', 'inspector.css'), join(root, 'dist', 'inspector.css'));
}

// vscode-languageclient stops the server on Linux and macOS with a script it expects beside the bundled client.
if (existsSync(join(root, 'dist', 'extension.js'))) {
  copyFileSync(join(root, 'node_modules', 'vscode-languageclient', 'lib', 'node', 'terminateProcess.sh'), join(root, 'dist', 'terminateProcess.sh'));
}
