import rule from '../../server/src/rules/comprehension-in-call';
import { testRule } from '../rule-tester';

testRule(rule, {
  valid: [
    // The text says `sum(`, but in a string and a comment: no call there.
    'doc = "total = sum([x for x in y])"  # sum([a for a in b])\n',
    // any()/all() over elements that call something: the list may be built on purpose, so every call runs.
    'valid = all([form.is_valid() for form in forms])\n',
    'if any([validate(row) for row in rows]):\n    pass\n',
    // Not the builtins.
    'def f(sum):\n    return sum([x for x in y])\n',
    'total = sum(item.price for item in cart)',
    'names = sorted(users, key=lambda u: u.name)',
    // join() builds a list internally anyway, so a list is the faster argument there.
    'line = ", ".join([str(x) for x in values])',
    'pairs = list([x for x in a])',
    'flat = sum([[1], [2]], [])',
    // An async comprehension cannot become a plain generator for a builtin.
    'async def f(xs):\n    return any([await check(x) for x in xs])\n',
    'async def f(xs):\n    return sum([x async for x in xs])\n',
    // A shadowing import: numpy's sum does not iterate generators the same way.
    'from numpy import sum\ntotal = sum([x * 2 for x in a])\n',
    'smallest = min(a, b)',
    'biggest = obj.max([x for x in a])',
  ],
  invalid: [
    {
      code: 'total = sum([item.price for item in cart])\n',
      findings: [{ text: '[item.price for item in cart]', line: 1, column: 13, fix: 'safe', message: 'sum()' }],
      output: 'total = sum(item.price for item in cart)\n',
    },
    {
      name: 'keeps parentheses when other arguments follow',
      code: 'top = max([s.score for s in scores], default=0)\nordered = sorted([n for n in names if n], key=len)\n',
      findings: [{ text: '[s.score for s in scores]' }, { text: '[n for n in names if n]' }],
      output: 'top = max((s.score for s in scores), default=0)\nordered = sorted((n for n in names if n), key=len)\n',
    },
    {
      name: 'any/all over values, and calls that only compute a value',
      code: 'ok = all([x > 0 for x in xs])\nif any([isinstance(n, int) and n.name.startswith("a") for n in nodes]):\n    pass\n',
      findings: [
        { text: '[x > 0 for x in xs]', fix: 'safe', message: 'stops at the first decisive element' },
        { text: '[isinstance(n, int) and n.name.startswith("a") for n in nodes]', fix: 'safe' },
      ],
      output: 'ok = all(x > 0 for x in xs)\nif any(isinstance(n, int) and n.name.startswith("a") for n in nodes):\n    pass\n',
    },
    {
      name: 'a trailing comma after the lone comprehension goes with the brackets',
      code: 'found = any(\n    [x == target for x in values],  # the values\n)\n',
      findings: [{ text: '[x == target for x in values]' }],
      output: 'found = any(\n    x == target for x in values  # the values\n)\n',
    },
    {
      name: 'positions after emoji and CJK text are in UTF-16 units',
      code: 's = "😀中"; n = sum([len(w) for w in words])\n',
      findings: [{ text: '[len(w) for w in words]', line: 1, column: 20 }],
      output: 's = "😀中"; n = sum(len(w) for w in words)\n',
    },
    {
      name: 'inside methods of a class',
      code: 'class Stats:\n    def total(self):\n        return sum([v for v in self.values])\n',
      findings: [{ text: '[v for v in self.values]', line: 3 }],
      output: 'class Stats:\n    def total(self):\n        return sum(v for v in self.values)\n',
    },
  ],
});
