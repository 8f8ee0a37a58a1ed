// The shape of a rule: metadata (id, docs, severity, the ICE it mirrors, messages by id) and a check over the model.
import type { InstallerDb, Location } from '../model/installer';
import type { RelatedInformation, Severity } from '../engine/problem';

export const DOCS_BASE_URL = 'https://github.com/wixlint/wixlint/blob/main/docs/rules/';

export interface RuleMeta<MessageId extends string = string> {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** The ICE this rule mirrors, such as 'ICE80', or undefined. */
  ice: string | undefined;
  /** Message templates by id; `{{name}}` is replaced by the report's data. */
  messages: Record<MessageId, string>;
  /** Whether the editor offers fixes for this rule's problems. */
  hasFixes: boolean;
  /**
   * Whether the rule reports on the input itself (it does not read, it misses a value) rather than on the package the
   * input builds. A package finding that rests on a missing value is lowered to info and says so; an input finding
   * is what tells the user about the missing value, and keeps its severity.
   */
  aboutInput?: boolean;
  /** The rule's docs page. */
  docsUrl: string;
}

export interface Report<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  location: Location;
  related?: RelatedInformation[];
  /** Overrides the rule's severity for this one problem (e.g. a preprocessor <?warning?>). */
  severity?: Severity;
  /** Data the editor's fixes need. */
  fix?: Record<string, unknown>;
  /**
   * Other places whose authoring the finding needs, beyond its location and related locations (the package's
   * platform, a part's bitness): when one rests on a value the lint does not have, so does the finding.
   */
  dependsOn?: Location[];
  /**
   * Alternatives the finding holds by, each the places it needs (one 64-bit part of a mixed package): the finding
   * rests on a missing value only when every alternative does.
   */
  anyOf?: Location[][];
}

export interface RuleContext<MessageId extends string = string> {
  db: InstallerDb;
  report(report: Report<MessageId>): void;
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  check(context: RuleContext<MessageId>): void;
}

/** Declares a rule; the docs URL follows from the id. */
export function createRule<MessageId extends string>(rule: {
  meta: Omit<RuleMeta<MessageId>, 'docsUrl'>;
  check(context: RuleContext<MessageId>): void;
}): Rule<MessageId> {
  return { meta: { ...rule.meta, docsUrl: `${DOCS_BASE_URL}${rule.meta.id}.md` }, check: rule.check };
}

/** Fills `{{name}}` placeholders from data. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key: string) => (data && key in data ? String(data[key]) : m));
}
