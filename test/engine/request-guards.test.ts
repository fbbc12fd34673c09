// A pattern or a refactoring that throws on code nobody foresaw costs only itself: the hover and
// the light bulb still answer with the others, and the error is reported.

import { describe, expect, it } from 'vitest';
import { PythonDocument } from '../../server/src/engine/document';
import { definePattern, PatternIndex } from '../../server/src/engine/pattern';
import { defineRefactoring, refactoringsAt } from '../../server/src/engine/refactoring';
import { parser } from '../engine-fixture';

const SOURCE = 'def greet(name):\n    return name\n';
const META = { family: 'iteration', minPython: [3, 0], summary: 'S.', pitfall: 'P.', example: 'pass\n' } as const;

function withDocument<T>(use: (document: PythonDocument) => T): T {
  const document = new PythonDocument(parser, SOURCE, 0, 'module');
  try {
    return use(document);
  } finally {
    document.dispose();
  }
}

describe('requests over a pattern or refactoring that throws', () => {
  it('explains the next pattern and reports the one that threw', () => {
    const broken = definePattern({ meta: { ...META, id: 'broken', title: 'broken' }, anchors: { function_definition: () => { throw new Error('boom'); } } });
    const working = definePattern({ meta: { ...META, id: 'working', title: 'working' }, anchors: { function_definition: (node) => ({ start: node.startIndex, end: node.startIndex + 3 }) } });
    const errors: string[] = [];
    const match = withDocument((document) => new PatternIndex([broken, working]).at(document, [3, 12], 1, (pattern, error) => errors.push(`${pattern.id}: ${(error as Error).message}`)));
    expect(match?.pattern.id).toBe('working');
    expect(errors).toEqual(['broken: boom']);
  });

  it('explains a name by itself when the detail of its occurrence throws', () => {
    const pattern = definePattern({ meta: { ...META, id: 'named', title: 'named' }, names: ['builtins.len'], nameDetail: () => { throw new Error('boom'); } });
    const errors: string[] = [];
    const source = 'size = len([])\n';
    const document = new PythonDocument(parser, source, 0, 'module');
    try {
      const match = new PatternIndex([pattern]).at(document, [3, 12], source.indexOf('len') + 1, (meta, error) => errors.push(`${meta.id}: ${(error as Error).message}`));
      expect(match && { id: match.pattern.id, span: source.slice(match.start, match.end) }).toEqual({ id: 'named', span: 'len' });
    } finally {
      document.dispose();
    }
    expect(errors).toEqual(['named: boom']);
  });

  it('offers the other refactorings and reports the one that threw', () => {
    const broken = defineRefactoring({ id: 'broken', minPython: [3, 0], nodeTypes: ['function_definition'], offer: () => { throw new Error('boom'); } });
    const working = defineRefactoring({
      id: 'working',
      minPython: [3, 0],
      nodeTypes: ['function_definition'],
      offer: (node) => ({ title: 'Rename', fix: { edits: [{ start: node.startIndex + 4, end: node.startIndex + 9, text: 'hello' }] } }),
    });
    const errors: string[] = [];
    const offered = withDocument((document) => refactoringsAt(parser, document, [broken, working], [3, 12], 5, 5, (refactoring, error) => errors.push(`${refactoring.id}: ${(error as Error).message}`)));
    expect(offered.map((action) => action.id)).toEqual(['working']);
    expect(errors).toEqual(['broken: boom']);
  });
});
