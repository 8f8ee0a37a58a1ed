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

/** The whole message in one paragraph: the headline, its note and its help, for a reader that shows one text. */
export function fullMessage(p: Pick<Problem, 'message' | 'note' | 'help'>): string {
  return [p.message, p.note, p.help].filter((s) => s !== undefined && s !== '').join(' ');
}
