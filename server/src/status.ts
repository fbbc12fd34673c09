// The `pyhints/status` notification: after a document's settings are read, what the editor's
// status item shows for it. Shared with the VS Code client, which imports this file's types.

export const STATUS_NOTIFICATION = 'pyhints/status';

export interface DocumentStatus {
  uri: string;
  /** The server's version. */
  version: string;
  enabled: boolean;
  /** How many rules report findings in the document (selected, and applying at its target). */
  rules: number;
  target: string;
  /** The configuration file its pyhints settings come from; null when there is none. */
  configFile: string | null;
}
