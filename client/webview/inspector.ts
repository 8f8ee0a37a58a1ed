// The MSI inspector's webview: overview, table list and a virtualized, sortable, filterable table.
// Every string in a package is untrusted. It reaches the page only through textContent, title and value, never as markup:
// this file never uses innerHTML, insertAdjacentHTML, document.write, or URLs built from package data.
import type { FromWebview, InspectorState, SortOrder, ToWebview } from '../src/inspector/messages';
import type { InspectCell, InspectColumn, InspectOverviewResult, InspectProblem, InspectTableResult } from '../../server/src/protocol';
import { PageCache } from './pageCache';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): InspectorState | undefined;
  setState(state: InspectorState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

/** Row height in pixels: fixed, so that the row at any scroll offset is known without measuring. */
const ROW_HEIGHT = 22;
/** Rows fetched per request, and rows rendered beyond the visible ones on each side. */
const PAGE_SIZE = 200;
const OVERSCAN = 8;
/** Cell text beyond this is cut in the grid (the title shows more, exports have all of it). */
const CELL_TEXT_MAX = 500;
const TITLE_TEXT_MAX = 4000;
const FILTER_DELAY_MS = 250;
/** Problems and streams listed in the overview; a hostile or huge package may have hundreds of thousands. */
const MAX_LISTED = 1000;

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The inspector page has no #${id}.`);
  return element as T;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)` : text;
}

/** Control characters made visible: stream names start with one (\u0005SummaryInformation). */
function visible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes.
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function cellText(cell: InspectCell | undefined): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

const SUMMARY_LABELS: Record<string, string> = {
  title: 'Title',
  subject: 'Subject',
  author: 'Author',
  keywords: 'Keywords',
  comments: 'Comments',
  template: 'Template (platform;languages)',
  revisionNumber: 'Package code',
  lastSavedBy: 'Last saved by',
  created: 'Created',
  lastSaved: 'Last saved',
  pageCount: 'Schema (page count)',
  wordCount: 'Word count (source flags)',
  charCount: 'Character count',
  appName: 'Creating application',
  security: 'Security',
  codepage: 'Code page',
};

const SOURCE_FLAGS: [number, string][] = [
  [1, 'short file names'],
  [2, 'compressed'],
  [4, 'administrative image'],
  [8, 'elevation not required'],
];

/** The platform callout: token, bitness and what it means for the package's components. */
function platformText(overview: InspectOverviewResult): string {
  const { token, bitness } = overview.platform;
  if (token === '') return 'Platform: not set (the Template summary property has no platform; Windows treats the package as 32-bit)';
  if (bitness === null) return `Platform: ${token} · unknown bitness`;
  return `${token} · ${bitness}-bit`;
}

function languagesOf(template: string | number | undefined): string {
  if (typeof template !== 'string') return '';
  const semi = template.indexOf(';');
  return semi < 0 ? '' : template.slice(semi + 1);
}

// ---------------------------------------------------------------------------------------------------------------------
// State

let overview: InspectOverviewResult | undefined;
const saved = vscode.getState() ?? {};
let current: string | undefined;
let columns: InspectColumn[] = [];
let total = 0;
let sort: SortOrder | undefined = saved.sort;
let filter = saved.filter ?? '';
/** The table's rows by page; reset whenever the table, sort or filter changes, so that older answers are dropped. */
const pages = new PageCache<InspectCell[]>(PAGE_SIZE);
/** A row (view order) to highlight, e.g. the one a problem points at. */
let highlighted: number | undefined;
let restoreScrollTop: number | undefined = saved.scrollTop;

function saveState(): void {
  vscode.setState({
    ...(current !== undefined ? { table: current } : {}),
    ...(sort ? { sort } : {}),
    ...(filter !== '' ? { filter } : {}),
    scrollTop: grid.scrollTop,
  });
}

const tableList = byId<HTMLUListElement>('tables');
const overviewView = byId<HTMLDivElement>('overview-view');
const tableView = byId<HTMLDivElement>('table-view');
const showOverviewButton = byId<HTMLButtonElement>('show-overview');
const grid = byId<HTMLDivElement>('grid');
const header = grid.querySelector('.header') as HTMLDivElement;
const spacer = byId<HTMLDivElement>('spacer');
const rowsBox = byId<HTMLDivElement>('rows');
const filterInput = byId<HTMLInputElement>('filter');
const rowCount = byId<HTMLSpanElement>('row-count');
const status = byId<HTMLDivElement>('status');

function setStatus(text: string | undefined): void {
  status.hidden = text === undefined;
  status.textContent = text ?? '';
}

// ---------------------------------------------------------------------------------------------------------------------
// Overview

function renderOverview(file: string, data: InspectOverviewResult): void {
  byId('file').textContent = file;
  const platform = byId('platform');
  platform.textContent = platformText(data);
  platform.className = data.platform.bitness === 64 ? 'platform bits64' : data.platform.bitness === 32 ? 'platform bits32' : 'platform unknown';

  const list = byId<HTMLDListElement>('summary-list');
  list.replaceChildren();
  const add = (label: string, value: string): void => {
    list.append(el('dt', undefined, label), el('dd', undefined, clip(value, TITLE_TEXT_MAX)));
  };
  const summary = data.summary;
  const languages = languagesOf(summary['template']);
  if (languages !== '') add('Languages', languages);
  for (const [field, value] of Object.entries(summary)) {
    let text = String(value);
    if (field === 'wordCount' && typeof value === 'number') {
      const flags = SOURCE_FLAGS.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
      text = `${value}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`;
    }
    add(SUMMARY_LABELS[field] ?? field, text);
  }

  const problems = byId<HTMLUListElement>('problems');
  problems.replaceChildren();
  byId('problem-count').textContent = String(data.problems.length);
  if (data.problems.length === 0) problems.append(el('li', 'empty', 'No problems found.'));
  for (const problem of data.problems.slice(0, MAX_LISTED)) problems.append(problemItem(problem));
  if (data.problems.length > MAX_LISTED) {
    problems.append(el('li', 'empty', `… and ${(data.problems.length - MAX_LISTED).toLocaleString('en-US')} more in the Problems view.`));
  }

  const streams = byId<HTMLTableElement>('streams').tBodies[0]!;
  streams.replaceChildren();
  byId('stream-count').textContent = String(data.streams.length);
  for (const stream of data.streams.slice(0, MAX_LISTED)) {
    const tr = el('tr');
    tr.append(el('td', undefined, clip(visible(stream.name), CELL_TEXT_MAX)), el('td', 'number', stream.size.toLocaleString('en-US')));
    streams.append(tr);
  }
  if (data.streams.length > MAX_LISTED) {
    const tr = el('tr');
    const more = el('td', 'empty', `… and ${(data.streams.length - MAX_LISTED).toLocaleString('en-US')} more (wixlint inspect lists them all).`);
    more.colSpan = 2;
    tr.append(more);
    streams.append(tr);
  }

  const warnings = byId<HTMLUListElement>('warnings');
  warnings.replaceChildren(...data.warnings.map((w) => el('li', undefined, clip(w, TITLE_TEXT_MAX))));
  byId('warnings-section').hidden = data.warnings.length === 0;

  tableList.replaceChildren();
  // By name, as Orca lists them; the package stores them in the order they were created.
  const tables = [...data.tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const table of tables) {
    const button = el('button', 'nav-item');
    button.type = 'button';
    button.dataset['table'] = table.name;
    button.append(el('span', 'name', clip(table.name, 80)), el('span', 'count', table.rows.toLocaleString('en-US')));
    button.addEventListener('click', () => showTable(table.name));
    const li = el('li');
    li.append(button);
    tableList.append(li);
  }
}

function problemItem(problem: InspectProblem): HTMLLIElement {
  const li = el('li', `problem ${problem.severity}`);
  li.append(el('span', 'severity', problem.severity), el('span', 'rule', problem.ruleId), el('span', 'message', problem.message));
  if (problem.table !== '') {
    const where = problem.table === '_SummaryInformation' ? `Summary property ${problem.key}` : `${problem.table}: ${problem.key}`;
    if (problem.row !== null && overview?.tables.some((t) => t.name === problem.table)) {
      const button = el('button', 'where', where);
      button.type = 'button';
      button.title = 'Show this row';
      button.addEventListener('click', () => reveal(problem.table, problem.row));
      li.append(button);
    } else {
      li.append(el('span', 'where', where));
    }
  }
  return li;
}

function showOverview(): void {
  current = undefined;
  overviewView.hidden = false;
  tableView.hidden = true;
  markSelected();
  saveState();
}

function markSelected(): void {
  showOverviewButton.classList.toggle('selected', current === undefined);
  for (const button of Array.from(tableList.querySelectorAll('button'))) {
    button.classList.toggle('selected', button.dataset['table'] === current);
    if (button.dataset['table'] === current) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The table

function showTable(name: string, options: { keepView?: boolean } = {}): void {
  const switching = current !== name;
  current = name;
  overviewView.hidden = true;
  tableView.hidden = false;
  byId('table-name').textContent = clip(name, 80);
  markSelected();
  if (switching && !options.keepView) {
    sort = undefined;
    filter = '';
    filterInput.value = '';
    highlighted = undefined;
    grid.scrollTop = 0;
  }
  reload();
}

/** Forgets the pages and asks again from the first, keeping the table, sort and filter. */
function reload(): void {
  pages.reset();
  total = 0;
  columns = [];
  clearRows();
  rowCount.textContent = 'Loading…';
  request(0);
}

function request(page: number): void {
  if (current === undefined) return;
  const id = pages.ask(page);
  if (id === undefined) return;
  vscode.postMessage({
    type: 'page',
    id,
    table: current,
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
    ...(sort ? { sort } : {}),
    ...(filter !== '' ? { filter } : {}),
  });
}

function receivePage(id: number, page: InspectTableResult): void {
  if (page.table !== current) {
    pages.forget(id);
    return;
  }
  if (pages.receive(id, page.rows) === undefined) return;
  const firstAnswer = columns.length === 0;
  columns = page.columns;
  total = page.total;
  if (firstAnswer) {
    // An earlier failure (another table, another filter) is over.
    setStatus(undefined);
    fitColumns(page.table, page.rows);
    renderHeader();
    spacer.style.height = `${total * ROW_HEIGHT}px`;
    const count = overview?.tables.find((t) => t.name === current)?.rows;
    rowCount.textContent =
      filter !== '' && count !== undefined
        ? `${total.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} rows`
        : `${total.toLocaleString('en-US')} rows`;
    if (restoreScrollTop !== undefined) {
      grid.scrollTop = restoreScrollTop;
      restoreScrollTop = undefined;
    } else if (highlighted !== undefined) {
      grid.scrollTop = Math.max(0, highlighted * ROW_HEIGHT - grid.clientHeight / 2);
    }
  }
  renderRows();
}

/** Column widths in pixels, fitted to the first page of the table shown; kept while it is sorted and filtered. */
let widths: { table: string; px: number[] } | undefined;
const MIN_COLUMN_PX = 60;
const MAX_COLUMN_PX = 480;
/** Characters sampled per cell when fitting: longer values are cut with an ellipsis anyway. */
const FIT_CHARS = 64;

/** The width of one character of the grid's (monospace) font. */
function charWidth(): number {
  const probe = el('span', 'cell', '0'.repeat(20));
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  probe.style.padding = '0';
  grid.append(probe);
  const width = probe.getBoundingClientRect().width / 20;
  probe.remove();
  return width > 0 ? width : 7.5;
}

function fitColumns(table: string, rows: InspectCell[][]): void {
  if (widths?.table === table && widths.px.length === columns.length) return;
  const ch = charWidth();
  const px = columns.map((column, c) => {
    let chars = column.name.length + 2; // room for the sort arrow
    for (const row of rows) chars = Math.max(chars, Math.min(FIT_CHARS, cellText(row[c]).length));
    return Math.round(Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, chars * ch + 14)));
  });
  widths = { table, px };
}

function renderHeader(): void {
  const px = widths?.px ?? columns.map(() => 160);
  grid.style.setProperty('--columns', px.map((w) => `${w}px`).join(' '));
  grid.style.setProperty('--grid-width', `${px.reduce((sum, w) => sum + w, 0)}px`);
  grid.setAttribute('aria-colcount', String(columns.length));
  header.replaceChildren();
  for (const column of columns) {
    const cell = el('div', `cell${column.key ? ' key' : ''}`);
    cell.setAttribute('role', 'columnheader');
    cell.tabIndex = 0;
    cell.title = `${column.name} (${column.type}${column.key ? ', primary key' : ''}${column.nullable ? ', nullable' : ''}). Click to sort.`;
    cell.append(el('span', 'name', clip(column.name, 80)));
    const order = sort?.column === column.name ? (sort.descending ? 'descending' : 'ascending') : 'none';
    cell.setAttribute('aria-sort', order);
    cell.append(el('span', 'sort', order === 'ascending' ? '▲' : order === 'descending' ? '▼' : ''));
    const toggle = (): void => cycleSort(column.name);
    cell.addEventListener('click', toggle);
    cell.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        toggle();
      }
    });
    header.append(cell);
  }
}

/** Ascending, then descending, then the table's own order. */
function cycleSort(column: string): void {
  if (sort?.column !== column) sort = { column, descending: false };
  else if (!sort.descending) sort = { column, descending: true };
  else sort = undefined;
  highlighted = undefined;
  grid.scrollTop = 0;
  saveState();
  reload();
}

/** The rows in the DOM by index (view order), each placed at its own offset; contiguous, and in order in the DOM. */
const rendered = new Map<number, { element: HTMLDivElement; loaded: boolean }>();

function clearRows(): void {
  rendered.clear();
  rowsBox.replaceChildren();
}

/**
 * Renders the rows in view (plus some on each side) from the pages at hand, and asks for the missing pages. Rows already
 * in the DOM stay as they are, so that a scroll by a few rows costs a few rows.
 */
function renderRows(): void {
  if (current === undefined || columns.length === 0) return;
  const first = Math.max(0, Math.floor(grid.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const visible = Math.ceil(grid.clientHeight / ROW_HEIGHT) + 1;
  const last = Math.min(total, first + visible + 2 * OVERSCAN);
  for (const [index, row] of rendered) {
    if (index < first || index >= last) {
      row.element.remove();
      rendered.delete(index);
    }
  }
  // What stays is contiguous: new rows above it go before its first row, new rows below it after its last.
  const top = rendered.size > 0 ? Math.min(...rendered.keys()) : last;
  const above: HTMLDivElement[] = [];
  for (let index = first; index < last; index++) {
    const page = pages.pageOf(index);
    if (!pages.has(page)) request(page);
    const data = pages.row(index);
    const existing = rendered.get(index);
    if (existing && (existing.loaded || data === undefined)) continue;
    const element = rowElement(index, data);
    element.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    rendered.set(index, { element, loaded: data !== undefined });
    if (existing) existing.element.replaceWith(element);
    else if (index < top) above.push(element);
    else rowsBox.append(element);
  }
  if (above.length > 0) rowsBox.prepend(...above);
  rowsBox.setAttribute('aria-rowcount', String(total));
}

function rowElement(index: number, row: InspectCell[] | undefined): HTMLDivElement {
  const div = el('div', index === highlighted ? 'row highlighted' : 'row');
  div.setAttribute('role', 'row');
  div.setAttribute('aria-rowindex', String(index + 2));
  div.dataset['row'] = String(index);
  for (let c = 0; c < columns.length; c++) {
    const cell = el('div', row ? 'cell' : 'cell loading');
    cell.setAttribute('role', 'gridcell');
    if (row) {
      const value = row[c];
      const text = cellText(value);
      cell.textContent = clip(text, CELL_TEXT_MAX);
      if (text.length > 20) cell.title = clip(text, TITLE_TEXT_MAX);
      if (value === null) cell.classList.add('null');
      else if (typeof value === 'number') cell.classList.add('number');
    }
    div.append(cell);
  }
  return div;
}

/** Shows a table in its stored order and scrolls to a row, highlighted. */
function reveal(table: string, row: number | null): void {
  if (!overview?.tables.some((t) => t.name === table)) return;
  current = undefined;
  sort = undefined;
  filter = '';
  filterInput.value = '';
  highlighted = row ?? undefined;
  restoreScrollTop = undefined;
  showTable(table, { keepView: true });
}

// ---------------------------------------------------------------------------------------------------------------------
// Events

let scheduled = false;
grid.addEventListener('scroll', () => {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    renderRows();
    saveState();
  });
});
new ResizeObserver(() => renderRows()).observe(grid);

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterInput.addEventListener('input', () => {
  if (filterTimer !== undefined) clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    filter = filterInput.value;
    highlighted = undefined;
    grid.scrollTop = 0;
    saveState();
    reload();
  }, FILTER_DELAY_MS);
});

showOverviewButton.addEventListener('click', showOverview);

for (const format of ['csv', 'idt'] as const) {
  byId(`export-${format}`).addEventListener('click', () => {
    if (current === undefined) return;
    vscode.postMessage({ type: 'export', table: current, format, ...(sort ? { sort } : {}), ...(filter !== '' ? { filter } : {}) });
  });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  switch (message.type) {
    case 'overview': {
      const first = overview === undefined;
      overview = message.overview;
      setStatus(undefined);
      renderOverview(message.file, message.overview);
      // First load: back to where the view was (VS Code keeps the state while the panel is hidden). A reload after
      // the file changed keeps the table in view if it still exists.
      const wanted = first ? saved.table : current;
      if (wanted !== undefined && overview.tables.some((t) => t.name === wanted)) {
        current = undefined;
        if (first) filterInput.value = filter;
        showTable(wanted, { keepView: true });
      } else {
        showOverview();
      }
      break;
    }
    case 'page':
      receivePage(message.id, message.page);
      break;
    case 'error':
      if (message.id !== undefined) {
        if (!pages.forget(message.id)) return;
        rowCount.textContent = '';
      }
      setStatus(message.message);
      break;
  }
});

filterInput.value = filter;
vscode.postMessage({ type: 'ready' });
