// The messages between the language server's connection thread and its analysis worker. The
// worker keeps its own parsed copy of every open document (trees cannot cross threads), so the
// connection thread sends it the same open/change/close events it gets from the editor.

import type { Finding } from './engine/analyzer';
import type { SourceKind, TextChange } from './engine/document';
import type { EngineOptions } from './engine/engine';
import type { RuleCode, RuleMeta } from './engine/rule';

/** Engine options that can cross a thread: no callbacks. */
export type WorkerEngineOptions = Omit<EngineOptions, 'onRuleError'>;

export type ToWorker =
  | { type: 'open'; uri: string; text: string; version: number; kind: SourceKind }
  | { type: 'change'; uri: string; changes: TextChange[]; version: number }
  | { type: 'close'; uri: string }
  /** Analyse `version` of `uri` unless a newer version arrives first; `urgent` when a request waits for it. */
  | { type: 'analyse'; uri: string; version: number; engineKey: string; options: WorkerEngineOptions; urgent: boolean };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'analysed'; uri: string; version: number; engineKey: string; findings: WireFinding[]; refactorings: WireFinding[]; milliseconds: number }
  /** The analysis of `version` with these settings did not run: the document changed, closed or is too large, or the settings changed. */
  | { type: 'skipped'; uri: string; version: number; engineKey: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

/** A finding with its rule named by code (the metadata is the same on both threads). */
export type WireFinding = Omit<Finding, 'rule'> & { code: RuleCode };

export function toWire(finding: Finding): WireFinding {
  const { rule, ...rest } = finding;
  return { ...rest, code: rule.code };
}

export function fromWire(finding: WireFinding, rules: ReadonlyMap<string, RuleMeta>): Finding {
  const { code, ...rest } = finding;
  const rule = rules.get(code);
  if (!rule) throw new Error(`the analysis worker reported an unknown rule ${code}`);
  return { ...rest, rule };
}
