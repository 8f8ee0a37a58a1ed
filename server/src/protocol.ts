// The custom LSP messages between the wixlint server and its client, declared once here and namespaced `wixlint/...`,
// and the settings section both read.

import type { PlatformSource } from './engine/lint';

/**
 * The settings section (`wixlint.*`) the server reads. The extension's LanguageClient has it as its id too:
 * vscode-languageclient reads `<id>.trace.server` for its message trace, so `wixlint.trace.server` works.
 */
export const SETTINGS_SECTION = 'wixlint';

/** Server → client notification: what the server lints for, sent whenever it changes. */
export const STATUS_NOTIFICATION = 'wixlint/status';

export interface StatusParams {
  /** The platforms any unit is linted for, in x86, x64, arm64 order. */
  platforms: string[];
  /** Where they come from, when every unit agrees: the setting, a config, a .wixproj, the sources, the x86 default. */
  platformSource: PlatformSourceName | 'mixed';
  /** How many source files the last lint linked. */
  files: number;
  /** Each project unit: a .wixproj, a config project, or an entry source with its fragments (files as file system paths). */
  units: { name: string; files: string[]; platforms: string[]; platformSource: PlatformSourceName; reason: string }[];
}

export type PlatformSourceName = PlatformSource;

/**
 * Client → server request: a package's (.msi/.msm) overview, one page of a table, or a whole table exported as text.
 * Unreadable files, unknown tables and unknown sort columns answer with an error whose message says why.
 */
export const INSPECT_MSI_REQUEST = 'wixlint/inspectMsi';

/** Rows per page when `limit` is not given, and the most one request returns. */
export const INSPECT_DEFAULT_LIMIT = 200;
export const INSPECT_MAX_LIMIT = 5000;

export type InspectCell = string | number | null;

export interface InspectMsiParams {
  /** A file: URI. */
  uri: string;
  /** Absent: the overview. */
  table?: string;
  /** First row of the page, after filtering and sorting (default 0). */
  offset?: number;
  /** Rows in the page: default 200, at most 5000. */
  limit?: number;
  /** Stable; numbers compare numerically, strings by UTF-16 code unit, null first. */
  sort?: { column: string; descending: boolean };
  /** Keeps the rows with a cell whose text contains this, ignoring case. */
  filter?: string;
  /** Instead of a page, the whole (filtered, sorted) table as CSV or IDT. */
  format?: 'csv' | 'idt';
}

export interface InspectProblem {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  /** The headline; `note` says why and `help` what to change, when the rule says them. */
  message: string;
  note?: string;
  help?: string;
  /** The row the problem points at ('_SummaryInformation' for summary properties); keys joined by '/'. */
  table: string;
  key: string;
  /** The rule's documentation page. */
  docsUrl?: string;
  /** The row's index in the table's stored order (unsorted, unfiltered); null for summary properties and keys no row has. */
  row: number | null;
}

export interface InspectOverviewResult {
  /** Summary information fields that are set (dates as ISO strings). */
  summary: Record<string, string | number>;
  /** From the Template summary property; bitness null when the token is unknown. */
  platform: { token: string; bitness: 32 | 64 | null };
  tables: { name: string; rows: number }[];
  streams: { name: string; size: number }[];
  problems: InspectProblem[];
  /** Damage that did not stop the reading. */
  warnings: string[];
}

export interface InspectColumn {
  name: string;
  /** The IDT type code: s72, L0, i2, I4, v0... */
  type: string;
  key: boolean;
  nullable: boolean;
}

export interface InspectTableResult {
  table: string;
  columns: InspectColumn[];
  /** Rows after filtering. */
  total: number;
  offset: number;
  rows: InspectCell[][];
}

export interface InspectExportResult {
  table: string;
  format: 'csv' | 'idt';
  text: string;
}

export type InspectMsiResult = InspectOverviewResult | InspectTableResult | InspectExportResult;
