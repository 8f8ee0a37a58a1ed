// How the formats hand over a report: in pieces, as they make it.

/** Takes the next piece of a report. */
export type Emit = (text: string) => void;
