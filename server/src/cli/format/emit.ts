// What the formats take from their caller besides the problems: how to hand over a report, and how to name its files.

/** Takes the next piece of a report. */
export type Emit = (text: string) => void;

/**
 * The name a report shows for a file, given as the engine knows it (the CLI's: as the user named it on the command
 * line). The formats call it as they write, so that a report of a hundred thousand problems need not copy each problem
 * to rename its place; it should be cheap for a file asked again.
 */
export type FileName = (file: string) => string;

/** Files shown by the names the engine knows them by. */
export const ownName: FileName = (file) => file;
