// The hover over correct code, from a real server process: the pattern under the cursor explained
// (this occurrence, what it is for, its pitfall, the Python it needs against the project's target)
// with a link to the reference page that ships beside the server — for every pattern of the
// catalog, in its own example, and for every kind of `case` pattern.

import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { PythonDocument } from '../../server/src/engine/document';
import { LineIndex } from '../../server/src/engine/positions';
import { ALL_PATTERNS, PATTERNS } from '../../server/src/patterns';
import { parser } from '../engine-fixture';
import { ROOT, serverSessions } from './server-sessions';

const CODE = [
  'from dataclasses import dataclass as record',
  '',
  '',
  '@record(frozen=True, slots=True)',
  'class Point:',
  '    x: float',
  '    y: float',
  '',
  '',
  'def norm(point):',
  '    return (point.x**2 + point.y**2) ** 0.5',
  '',
].join('\n');

describe('the hover over a correct construct, through the server', () => {
  const startSession = serverSessions();

  it('explains it, with what its options do and the Python they need on the project target', async () => {
    const session = await startSession({ configuration: true, settings: { select: ['ALL'], targetVersion: '3.9' } });
    const uri = 'file:///patterns/point.py';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, CODE);
    expect(await published).toEqual([]);
    const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 3 } });
    expect(hover.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: 32 } });
    const sections = (hover.contents as { value: string }).value.split('\n\n');
    expect(sections[0]).toBe('**`@dataclass`** · Python pattern');
    expect(sections[1]).toBe('Writes `__init__`, `__repr__` and `__eq__` for `Point` from its fields `x` and `y`.');
    expect(sections[2]).toMatch(/^- `frozen=True`: assigning to a field raises `FrozenInstanceError`/);
    expect(sections[2]).toContain('- `slots=True`: the class gets `__slots__` for its fields: smaller instances, and no attributes other than the fields. ⚠ Needs Python 3.10: the project targets 3.9');
    expect(sections[3]).toMatch(/^`@dataclasses\.dataclass` writes `__init__`/);
    expect(sections[4]).toMatch(/^\*\*Pitfall:\*\* /);
    expect(sections[5]).toBe(`[Patterns reference](${pathToFileURL(`${ROOT}docs/patterns.md`).href}#dataclass)`);
  });

  it('has nothing to say over plain code', async () => {
    const session = await startSession({ configuration: true, settings: { select: ['ALL'] } });
    const uri = 'file:///patterns/plain.py';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, CODE);
    await published;
    expect(await session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 14 } })).toBeNull();
  });
});

const SOURCE = [
  'import asyncio',
  'from asyncio import TaskGroup as TG',
  '',
  '',
  'async def handle(command):',
  '    match command:',
  '        case {"action": "run", "jobs": [first, *rest]}:',
  '            async with TG() as tg:',
  '                tg.create_task(first)',
  '        case _:',
  '            pass',
  '',
].join('\n');

describe('pattern hovers through the server, on a low target', () => {
  const startSession = serverSessions();

  it('explains a case by the kind of its pattern, and TaskGroup with the warning a 3.8 target needs', async () => {
    const session = await startSession({ configuration: true, settings: { targetVersion: '3.8' } });
    const uri = 'file:///patterns/handle.py';
    await session.open(uri, SOURCE);
    const hover = (line: number, character: number) => session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

    const onCase = await hover(6, 9);
    const caseText = (onCase!.contents as { value: string }).value;
    expect(caseText).toMatch(/^\*\*`case` patterns\*\* · Python pattern\n\nA \*\*mapping pattern\*\*: matches a mapping that has each of these keys/);
    expect(caseText).toContain('*⚠ Needs Python 3.10+: the project targets 3.8, where this does not run.*');
    expect(caseText).toMatch(/\[Patterns reference\]\(\S+patterns\.md#case-patterns\)$/);
    expect(onCase!.range).toEqual({ start: { line: 6, character: 8 }, end: { line: 6, character: 54 } });

    const onAlias = await hover(7, 24);
    const aliasText = (onAlias!.contents as { value: string }).value;
    expect(aliasText).toMatch(/^\*\*`asyncio\.TaskGroup`\*\* · Python pattern\n\n`async with asyncio\.TaskGroup\(\) as tg:`/);
    expect(aliasText).toContain('*⚠ Needs Python 3.11+: the project targets 3.8, where this does not run.*');
    expect(aliasText).toMatch(/#task-group\)$/);
    expect(onAlias!.range).toEqual({ start: { line: 7, character: 23 }, end: { line: 7, character: 25 } });

    expect(await hover(8, 20)).toBeNull();
  });
});

/** The first offset of `code` where the engine recognizes the pattern `id`. */
function placeOf(id: string, code: string): number {
  const document = new PythonDocument(parser, code, 0, 'module');
  try {
    for (let offset = 0; offset < code.length; offset++) if (PATTERNS.at(document, [3, 14], offset)?.pattern.id === id) return offset;
    throw new Error(`${id} is not recognized in its example`);
  } finally {
    document.dispose();
  }
}

const CASES = [
  'def route(command, Color, Point):',
  '    match command:',
  '        case 0:',
  '            pass',
  '        case Color.RED:',
  '            pass',
  '        case Point(x=0):',
  '            pass',
  '        case {"go": where}:',
  '            pass',
  '        case [first, *rest]:',
  '            pass',
  '        case "a" | "b":',
  '            pass',
  '        case (1 | 2) as small:',
  '            pass',
  '        case other if other:',
  '            pass',
  '        case _:',
  '            pass',
  '',
].join('\n');

describe('every pattern, through the server', () => {
  const startSession = serverSessions();

  it('explains each pattern of the catalog in its own example, at the newest target', async () => {
    const session = await startSession({ configuration: true, settings: { targetVersion: '3.14' } });
    for (const [index, { meta }] of ALL_PATTERNS.entries()) {
      const uri = `file:///patterns/example${index}.py`;
      await session.open(uri, meta.example);
      const position = new LineIndex(meta.example).positionAt(placeOf(meta.id, meta.example));
      const hover = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
      const text = (hover?.contents as { value: string } | undefined)?.value ?? '';
      expect({ id: meta.id, title: text.split('\n')[0] }).toEqual({ id: meta.id, title: `**${meta.title}** · Python pattern` });
      expect(text).toContain(`patterns.md#${meta.id})`);
    }
  });

  it('names the kind of every case pattern, and a guard', async () => {
    const session = await startSession({ configuration: true, settings: { targetVersion: '3.14' } });
    const uri = 'file:///patterns/route.py';
    await session.open(uri, CASES);
    const kinds = ['literal pattern', 'value pattern', 'class pattern', 'mapping pattern', 'sequence pattern', 'or-pattern', '`as` pattern', 'capture pattern', 'wildcard pattern'];
    const details: string[] = [];
    for (let line = 2; line < 20; line += 2) {
      const hover = await session.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 9 } });
      details.push((hover?.contents as { value: string } | undefined)?.value.split('\n\n')[1] ?? '');
    }
    expect(details.map((detail, index) => detail.includes(`**${kinds[index]}**`))).toEqual(kinds.map(() => true));
    expect(details[7]).toContain('Its **guard** `if other` is tested after the pattern has matched');
  });
});
