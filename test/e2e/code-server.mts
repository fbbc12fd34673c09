// code-server: VS Code's own workbench and Node extension host, served to a browser. It is the
// real VS Code that runs the extension here, since VS Code desktop cannot be downloaded offline.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CODE_SERVER, NODE24_BIN, REPO, RUN_DIR, freePort, startProcess, stopProcess, waitForHttp } from './environment.mjs';

export interface CodeServer {
  url: string;
  /** The extension as installed from the .vsix, which the extension tests also run from. */
  installedExtension: string;
  stop(): Promise<void>;
}

interface Profile {
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
}

function freshProfile(extraEnv: NodeJS.ProcessEnv, trust: boolean): Profile {
  const root = path.join(RUN_DIR, trust ? 'code-server-restricted' : 'code-server');
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = readFileSync(path.join(REPO, 'test/e2e/code-server-settings.json'), 'utf8');
  // With workspace trust on, a folder opened for the first time is untrusted: Restricted Mode.
  const trusting = '"security.workspace.trust.enabled": true,\n  "security.workspace.trust.startupPrompt": "never",\n  "security.workspace.trust.banner": "never",';
  writeFileSync(path.join(userDataDir, 'User/settings.json'), trust ? settings.replace('"security.workspace.trust.enabled": false,', trusting) : settings);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    // code-server's bin script runs `node`: it must be Node 24, which its native modules are built for.
    PATH: `${NODE24_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    // code-server and VS Code write config, logs and a device id under these; keep them in the run.
    HOME: path.join(root, 'home'),
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
  };
  delete env.NODE_OPTIONS;
  return { userDataDir, extensionsDir, env };
}

function profileArgs(profile: Profile): string[] {
  return ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Installs the .vsix the way a user would (`--install-extension`) and returns where it landed. */
function installVsix(profile: Profile, vsix: string): string {
  const installed = spawnSync(CODE_SERVER, [...profileArgs(profile), '--install-extension', vsix], {
    env: profile.env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (installed.status !== 0) throw new Error(`code-server --install-extension failed:\n${installed.stdout}${installed.stderr}`);
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const directory = path.join(profile.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  if (!existsSync(path.join(directory, 'package.json'))) throw new Error(`the extension was not installed into ${directory}:\n${installed.stdout}`);
  return directory;
}

/**
 * Installs the .vsix into a fresh profile and starts code-server on a free local port. `env` reaches
 * the extension host, which inherits code-server's environment. With `workspaceTrust`, folders
 * open untrusted, in Restricted Mode, as a freshly cloned repository does.
 */
export async function startCodeServer(vsix: string, env: NodeJS.ProcessEnv, workspaceTrust = false): Promise<CodeServer> {
  const profile = freshProfile(env, workspaceTrust);
  const installedExtension = installVsix(profile, vsix);
  const port = await freePort();
  const child = startProcess('code-server', CODE_SERVER, [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    ...profileArgs(profile),
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // A built VS Code ignores extensionTestsPath in the URL payload unless the smoke-test driver is on.
    '--vscode-option', 'enable-smoke-test-driver',
  ], { env: profile.env, logFile: path.join(RUN_DIR, workspaceTrust ? 'code-server-restricted.log' : 'code-server.log') });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 30_000);
  } catch (error) {
    await stopProcess('code-server', child.pid!);
    throw error;
  }
  return { url, installedExtension, stop: () => stopProcess('code-server', child.pid!) };
}
