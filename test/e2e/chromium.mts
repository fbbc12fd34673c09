// Debian's chromium, driven by playwright-core: the thin client code-server's workbench runs in.

import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { RUN_DIR, recordPid, stopProcess, which } from './environment.mjs';

export interface Chromium {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  const executablePath = which('chromium');
  if (!executablePath) throw new Error('chromium is not installed: run npm run e2e:setup');
  // launchServer (rather than launch) exposes the browser's process, so its PID can be recorded.
  const server = await chromium.launchServer({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', // CI runs as root
      '--disable-dev-shm-usage', // containers often have a tiny /dev/shm
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // Chromium writes crash reports and a dconf cache under HOME even with its own profile.
    env: { ...process.env, HOME: path.join(RUN_DIR, 'chromium-home') },
  });
  const pid = server.process().pid;
  if (pid === undefined) throw new Error('chromium did not start');
  recordPid('chromium', pid);
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    return {
      browser,
      close: async () => {
        await browser.close().catch(() => undefined);
        await server.close().catch(() => undefined);
        await stopProcess('chromium', pid);
      },
    };
  } catch (error) {
    await stopProcess('chromium', pid);
    throw error;
  }
}
