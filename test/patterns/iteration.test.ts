import { describe } from 'vitest';
import { itNeverThrows, itRecognizes, itRecognizesNothing } from '../pattern-cases';

describe('generator functions', () => {
  itRecognizes({
    'on yield': { code: 'def countdown(n):\n    while n:\n        yi‸eld n\n        n -= 1\n', id: 'generator-function', span: 'yield', detail: 'This `yield` makes `countdown` a generator function.' },
    'a yield that receives': { code: 'def echo():\n    received = ‸yield\n', id: 'generator-function', span: 'yield', detail: '`generator.send(value)`' },
    'an async generator': { code: 'async def ticks():\n    while True:\n        ‸yield 1\n', id: 'generator-function', span: 'yield', detail: 'makes `ticks` an async generator' },
    'the innermost def': { code: 'def outer():\n    def inner():\n        ‸yield 1\n    return inner\n', id: 'generator-function', span: 'yield', detail: 'makes `inner` a generator' },
    'yield from': { code: 'def walk(tree):\n    for child in tree:\n        yield ‸from walk(child)\n', id: 'yield-from', span: 'yield from', detail: 'makes `walk` a generator function' },
  });
  itRecognizesNothing({
    'what is yielded': 'def f():\n    yield compu‸te()\n',
    'yield at module level': '‸yield 1\n',
    'yield in a class body': 'class C:\n    ‸yield 1\n',
    'yield from in an async def (a SyntaxError)': 'async def f():\n    yield ‸from g()\n',
    'a return': 'def f():\n    ‸return 1\n',
  });
});

describe('generator expressions', () => {
  itRecognizes({
    'passed to a call': { code: 'total = sum(x * x ‸for x in xs)\n', id: 'generator-expression', span: 'for', detail: 'Passed straight to `sum()`' },
    'in its own parentheses': { code: 'squares = (x * x ‸for x in xs if x)\n', id: 'generator-expression', span: 'for', detail: null },
  });
  itRecognizesNothing({
    'a list comprehension': 'squares = [x * x ‸for x in xs]\n',
    'the body of a generator expression': 'squares = (x ‸* x for x in xs)\n',
    'a for loop': '‸for x in xs:\n    pass\n',
  });
});

describe('half-typed generators', () => {
  itNeverThrows(['def f():\n    yield', 'def f():\n    yield from', 'yield from', '(x for', '(x for x in', 'sum(x for x in xs if', 'def f(:\n    yield 1\n']);
});
