import rule from '../../server/src/rules/reduce-instead-of-builtin';
import { testRule } from '../rule-tester';

testRule(rule, {
  valid: [
    // `*` multiplies arrays, polynomials and symbolic expressions too: no number, no math.prod().
    'from functools import reduce\nimport operator\nterm = reduce(operator.mul, factors)\n',
    // `+` also joins tuples, lists and strings: without a number start value or numeric items, sum() is the wrong tool.
    'from functools import reduce\nimport operator\nflat = reduce(operator.add, list_of_tuples)\n',
    'from functools import reduce\nwords = reduce(lambda a, b: a + b, parts)\n',
    // A fold that picks an element (a max by length) is not a sum.
    'from functools import reduce\nlongest = reduce(lambda a, b: a if len(a) >= len(b) else b, words)\n',
    'from functools import reduce\nflags = reduce(lambda a, b: a | b, permission_sets, 0)\n',
    // The callback does more than add the two arguments.
    'from functools import reduce\ntotal = reduce(lambda total, item: total + item.price, cart, 0)\n',
    'from functools import reduce\nfrom math import gcd\nlcm = reduce(lambda a, b: a * b // gcd(a, b), periods)\n',
    // String and list concatenation: sum() refuses strings, and "".join / itertools.chain fit better.
    'from functools import reduce\nmessage = reduce(lambda a, b: a + b, fragments, "")\n',
    'import operator\nfrom functools import reduce\nrows = reduce(operator.add, chunks, [])\n',
    // reduce from some other library, and an `add` that is not operator's.
    'from toolz.curried import reduce\ntotal = reduce(lambda a, b: a + b, numbers)\n',
    'from functools import reduce\n\ndef add(a, b):\n    return a.merge(b)\n\nmerged = reduce(add, configs)\n',
    'import numpy as np\nfrom functools import reduce\nshape = reduce(np.multiply, dims)\n',
    'from functools import reduce\nresult = reduce(constructor, parts)\n',
    // A method named reduce on some object.
    'totals = frame.reduce(lambda a, b: a + b)\n',
    // math.prod does not exist before Python 3.8.
    { code: 'import operator\nfrom functools import reduce\nsize = reduce(operator.mul, shape)\n', target: [3, 7] },
  ],
  invalid: [
    {
      name: 'an alias of reduce, called through a name the rule never registered',
      code: 'from functools import reduce as fold\n\ncount = fold(lambda a, b: a + b, [len(w) for w in words], 0)\n',
      findings: [{ text: 'fold' }],
      output: 'from functools import reduce as fold\n\ncount = sum([len(w) for w in words], 0)\n',
    },
    {
      name: 'a summing lambda with an initial value',
      code: 'from functools import reduce\n\ntotal = reduce(lambda acc, n: acc + n, amounts, 0)\n',
      findings: [{ text: 'reduce', line: 3, column: 9, fix: 'unsafe', message: '`sum()`' }],
      output: 'from functools import reduce\n\ntotal = sum(amounts, 0)\n',
    },
    {
      name: 'operator.mul becomes math.prod and imports math',
      code: 'import operator\nfrom functools import reduce\n\nvolume = reduce(operator.mul, [len(side) for side in sides])\n',
      findings: [{ text: 'reduce', fix: 'unsafe', message: '`math.prod()`' }],
      output: 'import operator\nfrom functools import reduce\nimport math\n\nvolume = math.prod([len(side) for side in sides])\n',
    },
    {
      name: 'an aliased operator function; the initial value becomes start=',
      code: 'import functools\nimport math\nfrom operator import mul as times\n\nscaled = functools.reduce(times, factors, 1.0)\n',
      findings: [{ text: 'functools.reduce' }],
      output: 'import functools\nimport math\nfrom operator import mul as times\n\nscaled = math.prod(factors, start=1.0)\n',
    },
    {
      name: 'reversed operands and an already imported prod',
      code: 'from functools import reduce\nfrom math import prod\n\nodds = reduce(lambda x, y: (y * x), range(1, n + 1))\n',
      findings: [{ text: 'reduce' }],
      output: 'from functools import reduce\nfrom math import prod\n\nodds = prod(range(1, n + 1))\n',
    },
    {
      name: 'a generator expression loses its doubled parentheses',
      code: 'import operator as op\nfrom functools import reduce\n\nletters = reduce(op.add, (len(w) for w in words))\n',
      findings: [{ text: 'reduce' }],
      output: 'import operator as op\nfrom functools import reduce\n\nletters = sum(len(w) for w in words)\n',
    },
    {
      name: 'reduce imported inside the function',
      code: 'def total(xs):\n    from functools import reduce\n    return reduce(lambda a, b: a + b, xs, 0)\n',
      findings: [{ text: 'reduce', line: 3 }],
      output: 'def total(xs):\n    from functools import reduce\n    return sum(xs, 0)\n',
    },
    {
      name: 'no fix when the module imports its own sum',
      code: 'from functools import reduce\nfrom numpy import sum\n\ntotal = reduce(lambda a, b: a + b, range(10))\n',
      findings: [{ text: 'reduce', fix: null }],
    },
  ],
});
