// The symbol index kept in step with the workspace: the project's files (open ones as the editor has them) and every
// open document, looked at again only after something changed.
import { pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolIndex, type NavigationFile } from './navigation';
import type { ProjectLinter } from './projectLinter';
import { fileOf } from './uris';
import { fileKey } from './workspace';

export class WorkspaceNavigation {
  private readonly index: SymbolIndex;
  /** Whether the index must look at the files again: a document opened, changed or closed, or the project was scanned. */
  private stale = true;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly linter: ProjectLinter,
  ) {
    // The lints' parse cache: navigation only reads the trees. Hovers show what the last lint found.
    this.index = new SymbolIndex(linter.parses.parse, () => linter.componentFacts);
  }

  /** Something the index is built from changed. */
  invalidate(): void {
    this.stale = true;
  }

  /** The index, brought to the current texts when something changed since it last looked. */
  symbols(): SymbolIndex {
    if (this.stale) {
      this.index.update(this.files());
      this.stale = false;
    }
    return this.index;
  }

  /**
   * The index for completion in `file`: current but for `file` itself, which is not parsed again while it is being
   * typed in (completion reads the text around the cursor); the next other request brings it up to date.
   */
  symbolsBeside(file: string): SymbolIndex {
    if (this.stale) this.stale = this.index.update(this.files(), file);
    return this.index;
  }

  private files(): NavigationFile[] {
    const files = new Map<string, NavigationFile>();
    for (const document of this.documents.all()) {
      const file = fileOf(document.uri);
      // Read when the index looks at it: completion's own document, just edited, is not joined into a new text.
      files.set(fileKey(file), {
        file,
        uri: document.uri,
        get text() {
          return document.getText();
        },
      });
    }
    for (const file of new Set([...this.linter.sources(), ...this.linter.linkedFiles])) {
      if (files.has(fileKey(file))) continue;
      const text = this.linter.readDiskCached(file);
      if (text !== undefined) files.set(fileKey(file), { file, uri: pathToFileURL(file).href, text });
    }
    return [...files.values()];
  }
}
