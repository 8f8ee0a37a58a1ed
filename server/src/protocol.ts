// The custom LSP messages between the wixlint server and its client, declared once here and namespaced `wixlint/...`.

/** Server → client notification: what the server lints for, sent whenever it changes. */
export const STATUS_NOTIFICATION = 'wixlint/status';

export interface StatusParams {
  /** The platforms in force, in x86, x64, arm64 order. */
  platforms: string[];
  /** Where they come from: the `wixlint.platforms` setting, the workspace's .wixproj, or the x86 default. */
  platformSource: 'settings' | 'project' | 'default';
  /** How many source files the last lint linked. */
  files: number;
}
