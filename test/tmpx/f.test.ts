import { it } from 'vitest';
import { engineWith } from '../engine-fixture';
import { readFileSync } from 'node:fs';
it('x', async () => {
  const engine = await engineWith({ select: ['ALL'], target: [3, 12] });
  const full = readFileSync('/root/.pyenv/versions/3.11.7/lib/python3.11/dataclasses.py', 'utf8');
  const i = full.indexOf("    # https://peps.python.org/pep-0487/#implementation-details.");
  const j = full.indexOf('    It is an error to specify both default and default_factory.\n    """\n') + '    It is an error to specify both default and default_factory.\n    """\n'.length;
  const snippet = full.slice(i, j);
  const d = engine.open(snippet);
  const show = (fs: any[]) => fs.map((f) => JSON.stringify([f.rule.code, f.start, f.end, f.message, f.fix]));
  console.log('before', show(engine.analyze(d)));
  d.update([{ range: undefined as any, text: '' }].slice(0, 0));
  const text2 = '\r\n' + snippet;
  d.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\r\n' }]);
  console.log('incr', show(engine.analyze(d)));
  const f = engine.open(d.text);
  console.log('fresh', show(engine.analyze(f)), d.text === text2);
});
