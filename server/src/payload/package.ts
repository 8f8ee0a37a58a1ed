// What the files a built package installs really are: each File row's cabinet found through the Media table (a stream
// of the package for `#name`, else a file beside it), the heads of the wanted files read in one pass, and the binary's
// ISA put on the model for payload-isa.
import * as path from 'node:path';
import type { InstallerDb, Payload, RowLocation } from '../model/installer';
import type { ByteSource } from '../msi/byteSource';
import type { MsiDatabase } from '../msi/database';
import { MsiFormatError } from '../msi/errors';
import { lowerMsi, rowLocation } from '../msi/lower';
import { tableRecords } from '../msi/tables';
import { CabinetFormatError, readCabinetHeads } from './cabinet';
import { classifyPayload, PE_HEAD_BYTES } from './pe';
import { payloadOf } from './sources';

/** msidbFileAttributesNoncompressed: the file is laid out beside the package, not in a cabinet. */
const FILE_NONCOMPRESSED = 0x2000;
/** msidbFileAttributesCompressed: in a cabinet whatever the package's default. */
const FILE_COMPRESSED = 0x4000;
/** Word Count bit 1 (msidbSumInfoSourceTypeCompressed): files are in cabinets unless a file says otherwise. */
const SOURCE_TYPE_COMPRESSED = 0x2;
/** A Media Cabinet that starts with this names a stream of the package. */
const EMBEDDED_PREFIX = '#';
/** A merge module has no Media table: its files are in the cabinet stored as this stream (Windows Installer SDK, "Merge Module Cabinet"). */
const MODULE_CABINET = 'MergeModule.CABinet';

/** Opens a cabinet beside the package by its Media name; undefined when there is none; why, when it cannot be read. */
export type CabinetOpener = (name: string) => (ByteSource & { close?(): void }) | { unreadable: string } | undefined;

interface Medium {
  diskId: number;
  lastSequence: number;
  cabinet: string | undefined;
  location: RowLocation;
}

/**
 * Puts each compressed File's payload on the model (`db`, lowered from `msi` read from `file`): cabinets are read one at a time, each
 * only as far as its last wanted head. What cannot be checked is a payload notice at the Media row.
 */
export function attachPackagePayloads(msi: MsiDatabase, db: InstallerDb, file: string, openBeside: CabinetOpener): void {
  const module = msi.kind === 'msm';
  const media = module ? [moduleMedium(msi, file)] : readMedia(msi, file);
  if (media.length === 0) return;
  // A module's files are all in its cabinet, whatever its summary or their attributes say.
  const compressedByDefault = module || ((msi.summary.wordCount ?? 0) & SOURCE_TYPE_COMPRESSED) !== 0;
  const filesByMedium = new Map<Medium, Map<string, (typeof db.files)[number]>>();
  const byId = new Map(db.files.map((f) => [f.id, f]));
  for (const row of tableRecords(msi.table('File'))) {
    const id = typeof row['File'] === 'string' ? row['File'] : undefined;
    const sequence = typeof row['Sequence'] === 'number' ? row['Sequence'] : undefined;
    const attributes = typeof row['Attributes'] === 'number' ? row['Attributes'] : 0;
    const target = id !== undefined ? byId.get(id) : undefined;
    if (!target || sequence === undefined) continue;
    const compressed = module || (attributes & FILE_COMPRESSED ? true : attributes & FILE_NONCOMPRESSED ? false : compressedByDefault);
    if (!compressed) continue;
    // The medium is the first whose LastSequence reaches the file's sequence.
    const medium = media.find((m) => m.lastSequence >= sequence);
    if (!medium?.cabinet) continue;
    let files = filesByMedium.get(medium);
    if (!files) filesByMedium.set(medium, (files = new Map()));
    files.set(id!, target);
  }

  for (const [medium, files] of filesByMedium) {
    const cabinet = medium.cabinet!;
    const embedded = cabinet.startsWith(EMBEDDED_PREFIX);
    const name = embedded ? cabinet.slice(EMBEDDED_PREFIX.length) : cabinet;
    const shown = module
      ? `the cabinet of ${path.basename(file.replace(/\\/g, '/'))}`
      : embedded
        ? `the package's cabinet ${name}`
        : `cabinet ${name} beside the package`;
    const what = `Payloads in ${shown}`;
    const notice = (reason: string) => db.payloadNotices.push({ what, reason, location: medium.location });
    let source: (ByteSource & { close?(): void }) | { unreadable: string } | undefined;
    try {
      source = embedded ? msi.streamSource(name) : openBeside(name);
    } catch (e) {
      if (!(e instanceof MsiFormatError)) throw e;
      notice(`the stream cannot be read (${e.message.replace(/\.$/, '')})`);
      continue;
    }
    if (source === undefined) {
      // A cabinet beside the package that is not there: the package was copied alone, as often. Said only for embedded ones.
      if (embedded) notice(`the package has no stream '${name}'`);
      continue;
    }
    if ('unreadable' in source) {
      notice(`it cannot be read (${source.unreadable.replace(/\.$/, '')})`);
      continue;
    }
    try {
      // Each head is classified as soon as it is read, so that only a few are in memory at once.
      const read = readCabinetHeads(source, new Set(files.keys()), PE_HEAD_BYTES, (id, head) => {
        const target = files.get(id);
        if (target) target.payload = payloadOf(classifyPayload(head), `${id} in ${shown}`) satisfies Payload;
      });
      for (const u of read.unchecked) notice(`${u.reason.replace(/\.$/, '')} (${u.names.length} ${u.names.length === 1 ? 'file' : 'files'})`);
    } catch (e) {
      if (e instanceof CabinetFormatError || e instanceof MsiFormatError) notice(`the cabinet is damaged (${e.message.replace(/\.$/, '')})`);
      else throw e;
    } finally {
      source.close?.();
    }
  }
}

/**
 * A package a source names, on the model: a merged module with its files' payloads (they join the product as what they
 * are); a chained package without (what its files are does not matter to the bundle, and it may be large).
 */
export function lowerNamedPackage(msi: MsiDatabase, file: string, openBeside: CabinetOpener): InstallerDb {
  const db = lowerMsi(msi, file);
  if (msi.kind === 'msm') attachPackagePayloads(msi, db, file, openBeside);
  return db;
}

/** A merge module's one medium: its cabinet stream, for every file; what it says is said at the module's signature. */
function moduleMedium(msi: MsiDatabase, file: string): Medium {
  const signature = tableRecords(msi.table('ModuleSignature'))[0];
  return {
    diskId: 1,
    lastSequence: Number.POSITIVE_INFINITY,
    cabinet: `${EMBEDDED_PREFIX}${MODULE_CABINET}`,
    // Its primary key: ModuleID, Language.
    location: rowLocation(file, 'ModuleSignature', signature?.['ModuleID'], signature?.['Language']),
  };
}

/** The Media rows, in the order files are assigned to them; `file` is the path problems name. */
function readMedia(msi: MsiDatabase, file: string): Medium[] {
  const media: Medium[] = [];
  for (const row of tableRecords(msi.table('Media'))) {
    const diskId = row['DiskId'];
    const lastSequence = row['LastSequence'];
    if (typeof diskId !== 'number' || typeof lastSequence !== 'number') continue;
    const cabinet = typeof row['Cabinet'] === 'string' && row['Cabinet'] !== '' ? row['Cabinet'] : undefined;
    media.push({ diskId, lastSequence, cabinet, location: rowLocation(file, 'Media', diskId) });
  }
  return media.sort((a, b) => a.lastSequence - b.lastSequence || a.diskId - b.diskId);
}
