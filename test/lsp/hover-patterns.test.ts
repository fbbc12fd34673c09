// The hover over correct code, from a real server process: the pattern under the cursor explained
// (this occurrence, what it is for, its pitfall, the Python it needs against the project's target)
// with a link to the reference page that ships beside the server.

import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
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
