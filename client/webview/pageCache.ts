// The rows of the table shown, fetched a page at a time: which pages are at hand, which are asked for, and which
// answers still count. A change of table, sort or filter starts a new generation; answers to an older one are dropped.
// No DOM here: the page keeps the grid, this keeps the data (tested in node, test/webview/pageCache.test.ts).

export class PageCache<Row> {
  private generation = 0;
  private readonly pages = new Map<number, Row[]>();
  /** Requests in flight by id: the generation and page each asked for. */
  private readonly pending = new Map<number, { generation: number; page: number }>();
  private nextId = 1;

  constructor(readonly pageSize: number) {}

  /** Forgets every page and every request in flight: answers to them are dropped. */
  reset(): void {
    this.generation++;
    this.pages.clear();
    this.pending.clear();
  }

  /** The page holding the row at `index` (in view order). */
  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** The row at `index` when its page is at hand. */
  row(index: number): Row | undefined {
    const page = this.pageOf(index);
    return this.pages.get(page)?.[index - page * this.pageSize];
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** A request id to ask for `page` with, or undefined when the page is at hand or already asked for. */
  ask(page: number): number | undefined {
    if (this.pages.has(page)) return undefined;
    for (const p of this.pending.values()) if (p.generation === this.generation && p.page === page) return undefined;
    const id = this.nextId++;
    this.pending.set(id, { generation: this.generation, page });
    return id;
  }

  /** Takes the answer to request `id`: the page it fills, or undefined when the request is unknown or from before a reset. */
  receive(id: number, rows: Row[]): number | undefined {
    const asked = this.pending.get(id);
    this.pending.delete(id);
    if (!asked || asked.generation !== this.generation) return undefined;
    this.pages.set(asked.page, rows);
    return asked.page;
  }

  /** Drops request `id` (it failed): the page may be asked for again. Whether it was a request of the current generation. */
  forget(id: number): boolean {
    const asked = this.pending.get(id);
    this.pending.delete(id);
    return asked !== undefined && asked.generation === this.generation;
  }
}
