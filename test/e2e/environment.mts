// Where the end-to-end tests find their tools and keep their state, and how they start and stop
// the processes they need. Everything lives under .e2e/ (git-ignored), which scripts/e2e-setup.sh
// fills; PYHINTS_E2E_DIR moves it, as it does for the setup script.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const E2E_DIR = process.env.PYHINTS_E2E_DIR ?? path.join(REPO, '.e2e');
export const NODE24_BIN = path.join(E2E_DIR, 'node24/node_modules/node/bin');
export const CODE_SERVER = path.join(E2E_DIR, 'code-server/node_modules/.bin/code-server');
/** State of the current run: logs, fresh profiles, workspace copies, results. Wiped at the start of a run. */
export const RUN_DIR = path.join(E2E_DIR, 'run');
/** One file per process we started, holding its PID, so .ci/run can stop them if this process is killed. */
export const PID_DIR = path.join(E2E_DIR, 'pids');
export const VSIX = path.join(REPO, 'python-pattern-hints.vsix');
export const SAMPLE_WORKSPACE = path.join(REPO, 'test/e2e/workspace');
/** The extension-host suite, bundled (the extension host loads JavaScript). */
export const SUITE_BUNDLE = path.join(E2E_DIR, 'suite/index.js');

/** A result the summary counts: one extension test, one UI step, one Neovim check. */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface RunnerReport {
  runner: string;
  checks: Check[];
  /** Why the runner did not run, when it could not (never for a failure). */
  skipped?: string;
  seconds: number;
}

export function which(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The problems that keep the e2e from running at all, each with what to do about it. */
export function missingPrerequisites(needs: { codeServer: boolean; neovim: boolean }): string[] {
  const missing: string[] = [];
  const setup = 'run `npm run e2e:setup`';
  if (needs.codeServer && !existsSync(CODE_SERVER)) missing.push(`code-server is not installed in ${E2E_DIR}: ${setup}`);
  if (needs.codeServer && !existsSync(path.join(NODE24_BIN, 'node'))) missing.push(`Node 24 is not installed in ${E2E_DIR}: ${setup}`);
  if (needs.codeServer && !which('chromium')) missing.push(`chromium is not installed: ${setup} (as root)`);
  if (needs.neovim && !which('nvim')) missing.push(`nvim is not installed: ${setup} (as root)`);
  return missing;
}

/** A fresh copy of the sample workspace: the tests edit and save files, the original stays untouched. */
export function copySampleWorkspace(name: string): string {
  const target = path.join(RUN_DIR, name);
  rmSync(target, { recursive: true, force: true });
  cpSync(SAMPLE_WORKSPACE, target, { recursive: true });
  return target;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a long-running process in its own process group, with its output in `logFile`, and
 * records its PID until `stopProcess` is called.
 */
export function startProcess(name: string, command: string, args: string[], options: { env: NodeJS.ProcessEnv; logFile: string }): ChildProcess {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { env: options.env, detached: true, stdio: ['ignore', log, log] });
  if (child.pid === undefined) throw new Error(`${name} did not start (${command})`);
  recordPid(name, child.pid);
  return child;
}

export function recordPid(name: string, pid: number): void {
  mkdirSync(PID_DIR, { recursive: true });
  writeFileSync(path.join(PID_DIR, `${name}.pid`), `${pid}\n`);
}

/** SIGTERM to the process group the PID leads, SIGKILL if it is still there after `graceMs`. */
export async function stopProcess(name: string, pid: number, graceMs = 5000): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
  rmSync(path.join(PID_DIR, `${name}.pid`), { force: true });
}

/** For a signal handler: stops whatever this run still has recorded, without waiting. */
export function killRecordedProcesses(): void {
  if (!existsSync(PID_DIR)) return;
  for (const file of readdirSync(PID_DIR).filter((name) => name.endsWith('.pid'))) {
    const pid = Number(readFileSync(path.join(PID_DIR, file), 'utf8'));
    if (Number.isInteger(pid) && pid > 0) signalGroup(pid, 'SIGKILL');
    rmSync(path.join(PID_DIR, file), { force: true });
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`);
}

/** Rejects when `promise` takes longer than `ms`. */
export function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function elapsedSince(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10;
}
