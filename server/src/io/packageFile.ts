// Built packages that sources refer to (a merged .msm, a bundle's chained .msi), read from disk and lowered to the model,
// kept while each file's size and modification time stay the same.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstallerDb } from '../model/installer';
import { openMsi } from '../msi/database';
import { MsiFormatError } from '../msi/errors';
import { lowerNamedPackage, type CabinetOpener } from '../payload/package';
import type { PackageHost } from '../payload/sources';
import { cannotRead, fileStamp, inAnotherCase } from './fileSystem';
import { openFileSource } from './fileSource';

interface Kept {
  stamp: string;
  read: InstallerDb | { unreadable: string };
}

/** A host for packages; one instance keeps what it read for its lifetime, re-reading a file whose stamp changed. */
export function nodePackageHost(): PackageHost {
  const kept = new Map<string, Kept>();
  return {
    readPackage(file) {
      // Named in any case, as Windows finds it (TortoiseGit names TortoiseOverlays-…-ARM64.msm as …-arm64.msm).
      const found = fs.existsSync(file) ? file : inAnotherCase(file);
      if (found === undefined) return undefined;
      const stamp = fileStamp(found);
      if (stamp === undefined) return undefined;
      const known = kept.get(file);
      if (known && known.stamp === stamp) return known.read;
      const read = readPackage(found);
      kept.set(file, { stamp, read });
      return read;
    },
  };
}

function readPackage(file: string): InstallerDb | { unreadable: string } {
  let source: ReturnType<typeof openFileSource> | undefined;
  try {
    source = openFileSource(file);
    // Lowered now, while the file is open: the model keeps no reference to the file.
    return lowerNamedPackage(openMsi(source, file), file, cabinetsBeside(file));
  } catch (e) {
    if (e instanceof MsiFormatError) return { unreadable: e.message };
    return { unreadable: e instanceof Error ? e.message : String(e) };
  } finally {
    source?.close();
  }
}

/** Opens the cabinets a package names beside itself (Media.Cabinet without '#'), found in any case as Windows would. */
export function cabinetsBeside(packagePath: string): CabinetOpener {
  const folder = path.dirname(packagePath);
  return (name) => {
    // A cabinet name is a file name; one with a path in it is not looked for outside the package's folder.
    if (name.includes('/') || name.includes('\\') || name === '.' || name === '..') return undefined;
    const exact = path.join(folder, name);
    const found = fs.existsSync(exact) ? exact : inAnotherCase(exact);
    if (found === undefined) return undefined;
    try {
      return openFileSource(found);
    } catch (e) {
      return { unreadable: cannotRead(name, e).replace(/^cannot read '[^']*': /, '') };
    }
  };
}
