// A decoded table as text for other tools: CSV (RFC 4180) for spreadsheets, IDT (as `msiinfo export` writes it) for Orca and msidb.
import { idtTypeCode } from './columns';
import type { CellValue, Table } from './tables';

const CRLF = '\r\n';
/** Windows Installer's escapes for the characters that would break an IDT line: tab, carriage return, line feed. */
const IDT_ESCAPES: Record<string, string> = { '\t': '\x10', '\r': '\x11', '\n': '\x19' };

/** A cell as text: null is empty, integers are decimal, binary cells already hold their stream's name. */
export function cellText(value: CellValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * A text cell that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`) starts with one
 * of these; OWASP's CSV injection advice is to prefix such a cell with a single quote, which spreadsheets show as
 * text. Integer cells are numbers, never formulas (`-2` stays `-2`).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvCell(value: CellValue | undefined): string {
  const text = cellText(value);
  return csvField(typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text);
}

/**
 * RFC 4180: a header of column names, CRLF after every record, fields with comma, quote, CR or LF quoted; a text cell
 * that begins as a formula would is prefixed with `'` (so the CSV is safe to open in a spreadsheet; the IDT is exact).
 */
export function tableToCsv(table: Pick<Table, 'columns' | 'rows'>): string {
  const lines = [table.columns.map((c) => csvField(c.name)), ...table.rows.map((row) => table.columns.map((_, i) => csvCell(row[i])))];
  return lines.map((fields) => fields.join(',') + CRLF).join('');
}

/** A field as IDT writes it: tab, CR and LF escaped. */
export function idtField(text: string): string {
  return text.replace(/[\t\r\n]/g, (c) => IDT_ESCAPES[c]!);
}

/** Column names; type codes; the table name and its key columns; then the rows: all tab-separated, CRLF line ends. */
export function tableToIdt(table: Table): string {
  const lines = [
    table.columns.map((c) => idtField(c.name)),
    table.columns.map((c) => idtTypeCode(c)),
    [idtField(table.name), ...table.columns.filter((c) => c.key).map((c) => idtField(c.name))],
    ...table.rows.map((row) => table.columns.map((_, i) => idtField(cellText(row[i])))),
  ];
  return lines.map((fields) => fields.join('\t') + CRLF).join('');
}
