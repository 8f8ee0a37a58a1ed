// What the engine reports: one problem per rule, place and message, with the platforms it holds for.
import type { Location } from '../model/installer';
import type { BuildArch } from '../model/platform';
import type { RelatedInformation, Severity } from '../rules/rule';

export interface Problem {
  ruleId: string;
  severity: Severity;
  /** The headline: at most about 100 characters, naming the part and the problem. */
  message: string;
  /** Why it is a problem: the explanation, and the ICE's own words when the rule mirrors one. */
  note?: string;
  /** What to change. */
  help?: string;
  /** The build platforms the problem holds for, in x86, x64, arm64 order; empty for built packages. */
  platforms: BuildArch[];
  location: Location;
  related: RelatedInformation[];
  /** The rule's fix data (its type is declared next to the rule; fixes/index.ts reads it back and offers the fixes). */
  fix?: unknown;
}

/** The whole message on one line: the headline, its note and its help, for a reader that shows one text. */
export function fullMessage(p: Pick<Problem, 'message' | 'note' | 'help'>): string {
  return [p.message, p.note, p.help].filter((s) => s !== undefined && s !== '').join(' ');
}

/**
 * Texts run together as sentences: each that does not end a sentence gets a full stop (a headline, or an ICE's own
 * words, which often have none), so that the next never runs on from it.
 */
export function sentences(...texts: (string | undefined)[]): string {
  return texts
    .filter((s): s is string => s !== undefined && s !== '')
    .map((s, i, all) => (i < all.length - 1 && !/[.!?:]$/.test(s) ? `${s}.` : s))
    .join(' ');
}
