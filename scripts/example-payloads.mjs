// Writes the example projects' payloads: headers-only PE images (test/payload/peImage.ts, compiled by `tsc -b`), so
// that `wixlint examples` judges real binaries without any being downloaded or checked in. Run by `npm run build`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pe = createRequire(import.meta.url)(path.join(root, 'out/test/payload/peImage.js'));

const console_ = { subsystem: pe.IMAGE_SUBSYSTEM_WINDOWS_CUI };
const driver = { subsystem: pe.IMAGE_SUBSYSTEM_NATIVE };
const payloads = {
  'examples/cfix/bin/i386/cfix32.exe': { machine: pe.IMAGE_FILE_MACHINE_I386, ...console_ },
  'examples/cfix/bin/i386/cfixkr32.sys': { machine: pe.IMAGE_FILE_MACHINE_I386, ...driver },
  'examples/cfix/bin/amd64/cfix64.exe': { machine: pe.IMAGE_FILE_MACHINE_AMD64, ...console_ },
  'examples/cfix/bin/amd64/cfixkr64.sys': { machine: pe.IMAGE_FILE_MACHINE_AMD64, ...driver },
};
for (const [file, options] of Object.entries(payloads)) {
  const target = path.join(root, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, pe.peImage(options));
}
