import { describe } from 'vitest';
import { itNeverThrows, itRecognizes, itRecognizesNothing } from '../pattern-cases';

describe('the assignment expression', () => {
  itRecognizes({
    'on the operator': { code: 'if (n :‸= len(items)) > 10:\n    pass\n', id: 'walrus-operator', span: 'n :=', detail: null },
    'on its name': { code: 'while ‸chunk := stream.read(4096):\n    pass\n', id: 'walrus-operator', span: 'chunk :=' },
    'in a comprehension, where the name outlives it': {
      code: 'def ids(lines):\n    return [m.group(1) for line in lines if (m ‸:= pattern.search(line))]\n',
      id: 'walrus-operator',
      span: 'm :=',
      detail: 'In a comprehension, `m` is bound in the enclosing scope',
    },
  });
  itRecognizesNothing({
    'its value': 'if (n := le‸n(items)) > 10:\n    pass\n',
    'a plain assignment': 'n ‸= len(items)\n',
    'an annotated assignment': 'n: ‸int = 3\n',
  });
});

describe('the self-documenting f-string', () => {
  itRecognizes({
    'shown with repr': { code: 'print(f"{tot‸al=}")\n', id: 'self-documenting-fstring', span: '{total=}', detail: 'Writes `total=` and then `repr(total)`.' },
    'keeping its spaces, with a conversion and a format spec': {
      code: 'print(f"{ ratio = !s:>‸8}")\n',
      id: 'self-documenting-fstring',
      span: '{ ratio = !s:>8}',
      detail: 'Writes ` ratio = ` and then `format(str(ratio), ">8")`.',
    },
    'with a format spec alone': { code: 'print(f"{ratio=:.1‸%}")\n', id: 'self-documenting-fstring', span: '{ratio=:.1%}', detail: 'Writes `ratio=` and then `format(ratio, ".1%")`.' },
    'of an expression': { code: 'print(f"{len(items)‸=}")\n', id: 'self-documenting-fstring', span: '{len(items)=}', detail: 'Writes `len(items)=`' },
  });
  itRecognizesNothing({
    'a plain interpolation': 'print(f"{to‸tal}")\n',
    'a comparison inside one': 'print(f"{a =‸= b}")\n',
    'a string that is no f-string': 'print("{tot‸al=}")\n',
  });
});

describe('half-typed expressions', () => {
  itNeverThrows(['if (n :=', 'if n := len(', '[y := for x in xs]', 'print(f"{x=', 'print(f"{x=!', 'print(f"{=}")', 'f"{x=:{width}}"']);
});
