// The hover over a recognized pattern, answered by the real server process: the kind of a `case`
// pattern, and a name the project's target cannot run, with the link to the patterns reference.

import { describe, expect, it } from 'vitest';
import type { Hover } from 'vscode-languageserver';
import { serverSessions } from './server-sessions';

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

describe('pattern hovers through the server', () => {
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
