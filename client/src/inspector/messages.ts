// The messages between the MSI inspector's webview and the extension. Everything the webview shows arrives this way, as data:
// the HTML shell carries no package content at all.
import type { InspectOverviewResult, InspectTableResult } from '../../../server/src/protocol';

export type SortOrder = { column: string; descending: boolean };

/** Extension → webview. */
export type ToWebview =
  /** The package's overview; sent again when the file changes on disk. */
  | { type: 'overview'; file: string; overview: InspectOverviewResult }
  /** A page the webview asked for, tagged with the request's id. */
  | { type: 'page'; id: number; page: InspectTableResult }
  /** A request failed, or (without an id) the package could not be read. */
  | { type: 'error'; id?: number; message: string };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'page'; id: number; table: string; offset: number; limit: number; sort?: SortOrder; filter?: string }
  | { type: 'export'; table: string; format: 'csv' | 'idt'; sort?: SortOrder; filter?: string };

/** The view's state kept by VS Code while the panel is hidden (vscode.setState). */
export interface InspectorState {
  table?: string;
  sort?: SortOrder;
  filter?: string;
  scrollTop?: number;
}
