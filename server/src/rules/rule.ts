// The shape of a rule: metadata (id, docs, severity, the ICE it mirrors, messages by id), a check over the model and,
// for a rule whose problems can be fixed, the type of the data its fixes need and how to read that data back.
import type { InstallerDb, Location } from '../model/installer';

export type Severity = 'error' | 'warning' | 'info';
/** A severity as settings, configs and the command line give it: `off` turns the rule off. */
export type SeveritySetting = Severity | 'off';

/** Another place a problem involves, with what happens there (the other half of a collision). */
export interface RelatedInformation {
  location: Location;
  message: string;
}

/**
 * A message as rustc and clippy print one: a headline of at most about 100 characters that names the part and the
 * problem, then why it is a problem (`note`) and what to change (`help`). A plain string is a headline alone.
 */
export interface MessageTemplate {
  headline: string;
  note?: string;
  help?: string;
}

/** A message filled from a report's data: the headline, and its note and help when the template has them. */
export interface FilledMessage {
  message: string;
  note?: string;
  help?: string;
}

export const DOCS_BASE_URL = 'https://github.com/wixlint/wixlint/blob/main/docs/rules/';

export interface RuleMeta<MessageId extends string = string> {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** The ICE this rule mirrors, such as 'ICE80', or undefined. */
  ice: string | undefined;
  /** Message templates by id; `{{name}}` is replaced by the report's data. */
  messages: Record<MessageId, string | MessageTemplate>;
  /**
   * Whether the rule reports on the input itself (it does not read, it misses a value) rather than on the package the
   * input builds. A package finding that rests on a missing value is lowered to info and says so; an input finding
   * is what tells the user about the missing value, and keeps its severity.
   */
  aboutInput?: boolean;
  /** The rule's docs page. */
  docsUrl: string;
}

export interface Report<MessageId extends string = string, FixData = never> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  location: Location;
  related?: RelatedInformation[];
  /** Overrides the rule's severity for this one problem (e.g. a preprocessor <?warning?>). */
  severity?: Severity;
  /** What the fixes for this problem need (fixes/index.ts turns it into edits against the current texts). */
  fix?: FixData;
  /**
   * Other places whose authoring the finding needs, beyond its location and related locations (the package's
   * platform, a part's bitness): when one rests on a value the lint does not have, so does the finding. A function
   * when the list costs something to make (a directory's chain): it is called only when the lint misses a value.
   */
  dependsOn?: Location[] | (() => Location[]);
  /**
   * Alternatives the finding holds by, each the places it needs (one 64-bit part of a mixed package): the finding
   * rests on a missing value only when every alternative does. A function as `dependsOn` may be.
   */
  anyOf?: Location[][] | (() => Location[][]);
}

export interface RuleContext<MessageId extends string = string, FixData = never> {
  db: InstallerDb;
  report(report: Report<MessageId, FixData>): void;
}

export interface Rule<MessageId extends string = string, FixData = unknown> {
  meta: RuleMeta<MessageId>;
  check(context: RuleContext<MessageId, FixData>): void;
  /**
   * For a rule whose problems have fixes: its fix data read back, after a trip through the editor as JSON; undefined when
   * the value is not this rule's fix data.
   */
  readFixData?: (data: unknown) => FixData | undefined;
}

/** Declares a rule; the docs URL follows from the id. */
export function createRule<MessageId extends string, FixData = never>(rule: {
  meta: Omit<RuleMeta<MessageId>, 'docsUrl'>;
  check(context: RuleContext<MessageId, FixData>): void;
  readFixData?: (data: unknown) => FixData | undefined;
}): Rule<MessageId, FixData> {
  return {
    meta: { ...rule.meta, docsUrl: `${DOCS_BASE_URL}${rule.meta.id}.md` },
    check: rule.check,
    ...(rule.readFixData ? { readFixData: rule.readFixData } : {}),
  };
}

/** Fills a template's headline, note and help from data; a note or help that fills to nothing is left out. */
export function fillMessage(template: string | MessageTemplate, data: Record<string, string | number> | undefined): FilledMessage {
  const filled: FilledMessage = { message: fillPart(template, 'headline', data) };
  const note = fillPart(template, 'note', data);
  const help = fillPart(template, 'help', data);
  if (note !== '') filled.note = note;
  if (help !== '') filled.help = help;
  return filled;
}

/** One part of a template filled from data; '' for a part the template does not have (a plain string is a headline). */
export function fillPart(template: string | MessageTemplate, part: keyof MessageTemplate, data: Record<string, string | number> | undefined): string {
  const text = templatePart(template, part);
  return text === undefined ? '' : formatMessage(text, data);
}

/** `jsonString(fillPart(template, part, data))`, made as formatJsonString makes it. */
export function fillPartAsJson(
  template: string | MessageTemplate,
  part: keyof MessageTemplate,
  data: Record<string, string | number> | undefined,
): string {
  const text = templatePart(template, part);
  return text === undefined ? '""' : formatJsonString(text, data);
}

function templatePart(template: string | MessageTemplate, part: keyof MessageTemplate): string | undefined {
  return typeof template === 'string' ? (part === 'headline' ? template : undefined) : template[part];
}

/**
 * A template cut at its placeholders: texts at even indexes, placeholder names at odd ones, and the placeholders as
 * written (for one without data). Cut once per template: a package with a problem per component fills one template
 * a hundred thousand times. `json` is `parts` escaped as JSON strings are (made when first asked for).
 */
interface CompiledTemplate {
  parts: string[];
  written: string[];
  json?: string[];
}

const compiledTemplates = new Map<string, CompiledTemplate>();

function compiled(template: string): CompiledTemplate {
  let c = compiledTemplates.get(template);
  if (c === undefined) {
    c = compileTemplate(template);
    compiledTemplates.set(template, c);
  }
  return c;
}

function compileTemplate(template: string): CompiledTemplate {
  const parts: string[] = [];
  const written: string[] = [];
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    parts.push(template.slice(last, m.index), m[1]!);
    written.push(m[0]);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return { parts, written };
}

/** Fills `{{name}}` placeholders from data; one without data stays as written. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  const { parts, written } = compiled(template);
  if (parts.length === 1) return parts[0]!;
  // Joined, not concatenated: `+=` makes a tree of pieces that every later reader flattens into a second copy, and a
  // problem's texts live as long as the problem.
  const pieces: string[] = [parts[0]!];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    pieces.push(data !== undefined && key in data ? String(data[key]) : written[(i - 1) / 2]!, parts[i + 1]!);
  }
  return pieces.join('');
}

/** What JSON.stringify writes for `text`: quoted, and escaped only when it has something to escape. */
export function jsonString(text: string): string {
  return NEEDS_JSON_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** The characters JSON escapes in a string, lone surrogates included (JSON.stringify writes those as \u escapes). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes.
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A text of no surrogate, escaped as inside a JSON string; undefined for one with a surrogate (see formatJsonString). */
function jsonEscaped(text: string): string | undefined {
  if (!NEEDS_JSON_ESCAPE.test(text)) return text;
  return /[\ud800-\udfff]/.test(text) ? undefined : JSON.stringify(text).slice(1, -1);
}

/**
 * `jsonString(formatMessage(template, data))`, made from the template's texts escaped once and each value escaped as
 * it is filled in: a report of a hundred thousand problems neither makes each text and then a quoted copy of it, nor
 * searches every whole text for what to escape. A value with a surrogate (which JSON escapes only when it is alone, so
 * only the whole text can tell) takes the plain way.
 */
export function formatJsonString(template: string, data: Record<string, string | number> | undefined): string {
  const c = compiled(template);
  const json = (c.json ??= c.parts.map((part, i) => (i % 2 === 1 ? part : JSON.stringify(part).slice(1, -1))));
  let out = `"${json[0]!}`;
  for (let i = 1; i < json.length; i += 2) {
    const key = json[i]!;
    const value = jsonEscaped(data !== undefined && key in data ? String(data[key]) : c.written[(i - 1) / 2]!);
    if (value === undefined) return jsonString(formatMessage(template, data));
    out += value + json[i + 1]!;
  }
  return `${out}"`;
}
