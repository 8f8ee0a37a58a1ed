// A .wixproj as last read, reused while nothing its reading looked at has changed: in the editor, a keystroke in a
// source does not evaluate the workspace's hundred projects again (the wixtoolset/wix repository has 340).
import type { DirectoryEntry, MsBuildHost } from './msbuild';
import { readWixProject, type ReadProjectOptions, type WixProject } from './wixproj';

interface Entry {
  text: string;
  configuration: string | undefined;
  env: Record<string, string | undefined>;
  project: WixProject;
  /** Every file the reading read (imports, Directory.Build.props...) and its text then. */
  reads: Map<string, string | undefined>;
  /** Every folder the reading listed (SDK projects' default items) and its entries then. */
  listings: Map<string, readonly DirectoryEntry[] | undefined>;
}

export class ProjectCache {
  private readonly entries = new Map<string, Entry>();

  /** The project read from `text`, as readWixProject reads it; the last reading while its inputs are unchanged. */
  read(file: string, text: string, options: ReadProjectOptions): WixProject {
    const known = this.entries.get(file);
    if (known && known.text === text && known.configuration === options.configuration && known.env === options.env && unchanged(known, options.host))
      return known.project;
    const reads = new Map<string, string | undefined>();
    const listings = new Map<string, readonly DirectoryEntry[] | undefined>();
    const host: MsBuildHost = {
      readFile: (f) => {
        const read = options.host.readFile(f);
        if (!reads.has(f)) reads.set(f, read);
        return read;
      },
      readDirectory: (dir) => {
        const listed = options.host.readDirectory(dir);
        if (!listings.has(dir)) listings.set(dir, listed);
        return listed;
      },
      ...(options.host.unreadable ? { unreadable: (f: string) => options.host.unreadable!(f) } : {}),
    };
    const project = readWixProject(file, text, { ...options, host });
    this.entries.set(file, { text, configuration: options.configuration, env: options.env, project, reads, listings });
    return project;
  }
}

function unchanged(entry: Entry, host: MsBuildHost): boolean {
  for (const [file, text] of entry.reads) if (host.readFile(file) !== text) return false;
  for (const [dir, then] of entry.listings) if (!sameEntries(host.readDirectory(dir), then)) return false;
  return true;
}

function sameEntries(a: readonly DirectoryEntry[] | undefined, b: readonly DirectoryEntry[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((e, i) => e.name === b[i]!.name && e.isFile === b[i]!.isFile && e.isDirectory === b[i]!.isDirectory);
}
