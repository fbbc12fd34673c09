import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import { cellAt, editedCells, editsFitCells, joinCells } from '../../server/src/engine/notebook';
import { ALL_RULES } from '../../server/src/rules';
import { parser } from '../engine-fixture';

describe('notebook cells as one text', () => {
  const cells = [
    { cell: 1, source: '%matplotlib inline\nimport asyncio\n  !ls -l' },
    { cell: 2, source: '%%bash\necho hi\n  indented\n' },
    { cell: 4, source: 'await asyncio.sleep(1)' },
  ];

  it('joins the code cells with line breaks and masks IPython syntax without moving offsets', () => {
    const joined = joinCells(cells);
    expect(joined.text).toBe('#matplotlib inline\nimport asyncio\n  #ls -l\n#%bash\n#cho hi\n# indented\nawait asyncio.sleep(1)\n');
    expect(joined.cells).toEqual([
      { cell: 1, start: 0, end: 42 },
      { cell: 2, start: 43, end: 69 },
      { cell: 4, start: 69, end: 91 },
    ]);
    expect(cellAt(joined, 50)?.cell).toBe(2);
    expect(cellAt(joined, 89)?.cell).toBe(4);
  });

  it('takes back only edits that stay in one cell and off the masked syntax, into the original sources', () => {
    const joined = joinCells(cells);
    expect(editsFitCells(joined, [{ start: 19, end: 25 }])).toBe(true);
    // Across the line break between two cells, or on a magic.
    expect(editsFitCells(joined, [{ start: 41, end: 44 }])).toBe(false);
    expect(editsFitCells(joined, [{ start: 0, end: 2 }])).toBe(false);
    const edited = editedCells(joined, [{ start: 19, end: 25, text: 'from' }, { start: 69, end: 74, text: 'x = await' }]);
    expect(edited).toEqual([
      { cell: 1, source: '%matplotlib inline\nfrom asyncio\n  !ls -l' },
      { cell: 2, source: '%%bash\necho hi\n  indented\n' },
      { cell: 4, source: 'x = await asyncio.sleep(1)' },
    ]);
  });

  it('lets an import of an earlier cell count, and top-level await pass, as in a running notebook', () => {
    const engine = new Engine(parser, ALL_RULES, { select: ['PH411', 'PH401'] });
    const code = 'import time\n\nasync def main():\n    time.sleep(1)\n\nawait main()\n';
    const notebook = engine.open(code, 0, 'notebook');
    expect(engine.analyze(notebook).map((finding) => finding.rule.code)).toEqual(['PH401']);
    const module = engine.open(code, 0, 'module');
    expect(engine.analyze(module).map((finding) => finding.rule.code)).toEqual(['PH401', 'PH411']);
  });
});
