// The MSI inspector's HTML shell: a strict Content-Security-Policy, one script loaded with a nonce, no inline script or
// style, and no package content (that arrives by message and is rendered as text).
import { randomBytes } from 'node:crypto';

export interface InspectorHtmlOptions {
  /** The webview's own origin for local resources (webview.cspSource). */
  cspSource: string;
  /** URIs of the bundled script and style sheet, as webview.asWebviewUri gives them. */
  scriptUri: string;
  styleUri: string;
  /** Fresh for each page load. */
  nonce: string;
}

/** 128 random bits, base64: a CSP nonce. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The policy: nothing by default; styles and images from the extension only; scripts only with the nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Attribute-safe text: the inputs are URIs and a nonce, but nothing reaches the page unescaped. */
function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function inspectorHtml(options: InspectorHtmlOptions): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(options.styleUri)}">
<title>MSI Inspector</title>
</head>
<body>
<div id="layout">
  <nav id="nav" aria-label="Package">
    <button type="button" id="show-overview" class="nav-item selected">Overview</button>
    <h2>Tables</h2>
    <ul id="tables"></ul>
  </nav>
  <main id="main">
    <div id="overview-view">
      <h1 id="file"></h1>
      <section id="summary" aria-label="Summary information">
        <p id="platform"></p>
        <dl id="summary-list"></dl>
      </section>
      <section aria-label="Problems">
        <h2>Problems <span id="problem-count" class="count"></span></h2>
        <ul id="problems"></ul>
      </section>
      <section aria-label="Streams">
        <h2>Streams <span id="stream-count" class="count"></span></h2>
        <table id="streams"><thead><tr><th scope="col">Name</th><th scope="col" class="number">Size (bytes)</th></tr></thead><tbody></tbody></table>
      </section>
      <section id="warnings-section" aria-label="Warnings" hidden>
        <h2>Warnings</h2>
        <ul id="warnings"></ul>
      </section>
    </div>
    <div id="table-view" hidden>
      <div id="toolbar">
        <h2 id="table-name"></h2>
        <input id="filter" type="search" placeholder="Filter rows" aria-label="Filter rows (any cell contains, ignoring case)">
        <span id="row-count" aria-live="polite"></span>
        <button type="button" id="export-csv">Export CSV…</button>
        <button type="button" id="export-idt">Export IDT…</button>
      </div>
      <div id="grid" role="grid" aria-readonly="true">
        <div class="header" role="row"></div>
        <div id="spacer"><div id="rows" role="rowgroup"></div></div>
      </div>
    </div>
  </main>
</div>
<div id="status" role="status" hidden></div>
<script nonce="${attr(options.nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}
