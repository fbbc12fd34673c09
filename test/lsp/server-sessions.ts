// The server tests' shared setup: build dist/server.js once per test file, start sessions on it,
// and kill whatever is still running when the file's tests end.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { LspSession } from './lsp-session';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER = `${ROOT}dist/server.js`;

/** Registers the build and the clean-up hooks; returns how the file's tests start a session. */
export function serverSessions(): (options: Parameters<typeof LspSession.start>[1]) => Promise<LspSession> {
  const sessions: LspSession[] = [];
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--only=server'], { cwd: ROOT, stdio: 'pipe' });
  });
  afterAll(() => {
    for (const session of sessions) session.kill();
  });
  return async (options) => {
    const session = await LspSession.start(SERVER, options);
    sessions.push(session);
    return session;
  };
}
