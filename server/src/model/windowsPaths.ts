// Paths as WiX sources, projects and packages write them: `\` or `/` between segments, whatever system reads them.

/** What follows the last `\` or `/` of a path: the whole path when it has neither, '' when it ends in one. */
export function baseName(file: string): string {
  return file.slice(lastSeparator(file) + 1);
}

/** The folder of a path, with its trailing separator: '' for a path of one segment. */
export function folderOf(file: string): string {
  return file.slice(0, lastSeparator(file) + 1);
}

function lastSeparator(file: string): number {
  return Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
}
