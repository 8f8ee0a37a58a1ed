// What the engine reports: one problem per rule, place and message, with the platforms it holds for.
import type { Location } from '../model/installer';
import type { BuildArch } from '../model/platform';
import { fillPart, fillPartAsJson, jsonString, type MessageTemplate, type RelatedInformation, type Severity } from '../rules/rule';

export interface Problem {
  ruleId: string;
  severity: Severity;
  /** The headline: at most about 100 characters, naming the part and the problem. */
  message: string;
  /** Why it is a problem: the explanation, and the ICE's own words when the rule mirrors one. */
  note?: string | undefined;
  /** What to change. */
  help?: string | undefined;
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

/** What a copy of a problem may change: the platforms it holds for (a merge of the same problem found on several). */
export type ProblemChanges = Pick<Problem, 'platforms'>;

/**
 * A problem a rule reported, whose texts are filled from the rule's template each time they are read and never kept: a
 * package with a problem per component would otherwise hold a hundred thousand notes, each its own string, from the
 * rule that found them to the report that writes them, and the garbage collector would copy every one of them on the
 * way (the report reads each text once, and lets it go).
 */
export class ReportedProblem implements Problem {
  constructor(
    readonly ruleId: string,
    readonly severity: Severity,
    private readonly template: string | MessageTemplate,
    private readonly data: Record<string, string | number> | undefined,
    /** Said after the template's note: why the finding is no more than info (see ProblemCollector). */
    private readonly noteAfter: string | undefined,
    readonly platforms: BuildArch[],
    readonly location: Location,
    readonly related: RelatedInformation[],
    readonly fix: unknown,
  ) {}

  get message(): string {
    return fillPart(this.template, 'headline', this.data);
  }

  /** The template's note, filled; left out when it fills to nothing (and nothing is said after it). */
  get note(): string | undefined {
    const own = fillPart(this.template, 'note', this.data);
    if (this.noteAfter !== undefined) return sentences(own, this.noteAfter);
    return own === '' ? undefined : own;
  }

  get help(): string | undefined {
    const help = fillPart(this.template, 'help', this.data);
    return help === '' ? undefined : help;
  }

  /** A text as JSON writes it, quoted and escaped (see problemJsonText), filled into the template's escaped text. */
  jsonText(text: ProblemText): string | undefined {
    if (text === 'message') return fillPartAsJson(this.template, 'headline', this.data);
    if (text === 'note' && this.noteAfter !== undefined) return optionalJsonString(this.note);
    const json = fillPartAsJson(this.template, text, this.data);
    return json === '""' ? undefined : json;
  }

  with(changes: ProblemChanges): ReportedProblem {
    return new ReportedProblem(
      this.ruleId,
      this.severity,
      this.template,
      this.data,
      this.noteAfter,
      changes.platforms,
      this.location,
      this.related,
      this.fix,
    );
  }
}

/** The texts of a problem: its headline, note and help. */
export type ProblemText = 'message' | 'note' | 'help';

/**
 * A problem's text as a JSON string (quoted and escaped as JSON.stringify writes it), undefined for a note or help it
 * does not have: for a reported problem, made without making the text itself first (the JSON report of a package with
 * a problem per component fills a quarter of a million of them).
 */
export function problemJsonText(p: Problem, text: ProblemText): string | undefined {
  return p instanceof ReportedProblem ? p.jsonText(text) : optionalJsonString(p[text]);
}

function optionalJsonString(text: string | undefined): string | undefined {
  return text === undefined ? undefined : jsonString(text);
}

/** A copy of the problem with these changes: a reported problem stays one, its texts still filled when read. */
export function problemWith(p: Problem, changes: ProblemChanges): Problem {
  return p instanceof ReportedProblem ? p.with(changes) : { ...p, ...changes };
}
