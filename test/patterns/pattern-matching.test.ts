import { describe } from 'vitest';
import { itNeverThrows, itRecognizes, itRecognizesNothing } from '../pattern-cases';

/** A `match` over `command` whose one `case` is `pattern` (with `‸` in it), and a catch-all after it. */
const inCase = (pattern: string) => `match command:\n    case ${pattern}:\n        pass\n    case _:\n        pass\n`;

describe('the match statement', () => {
  itRecognizes({
    'on its keyword': { code: 'match command:\n    case _:\n        pass\n'.replace('match', '‸match'), id: 'match-statement', span: 'match', detail: null },
    'inside the keyword, and without a catch-all it says so': { code: 'match command:\n    case "go":\n        pass\n'.replace('match', 'ma‸tch'), id: 'match-statement', span: 'match', detail: 'passes silently' },
    'a final capture is a catch-all': { code: 'match command:\n    case "go":\n        pass\n    case other:\n        pass\n'.replace('match', '‸match'), id: 'match-statement', span: 'match', detail: null },
    'a guarded wildcard is no catch-all': { code: 'match command:\n    case _ if ready:\n        pass\n'.replace('match', '‸match'), id: 'match-statement', span: 'match', detail: 'passes silently' },
    'nested in a function': { code: 'def run(command):\n    ‸match command:\n        case _:\n            pass\n', id: 'match-statement', span: 'match' },
  });
  itRecognizesNothing({
    '`match` as a variable': '‸match = pattern.match(line)\n',
    'a call of a function named match': 're.‸match(r"x", line)\n',
    'the subject': 'match comm‸and:\n    case _:\n        pass\n',
    'the body of a case': 'match command:\n    case _:\n        pa‸ss\n',
  });
});

describe('a case, by the kind of its pattern', () => {
  itRecognizes({
    'literal: a number, from the case keyword': { code: inCase('0').replace('case 0', '‸case 0'), id: 'case-patterns', span: 'case 0', detail: /^A \*\*literal pattern\*\*: matches a subject equal to `0`\.$/ },
    'literal: a string': { code: inCase('"q‸uit"'), id: 'case-patterns', span: 'case "quit"', detail: 'equal to `"quit"`' },
    'literal: a negative number': { code: inCase('-‸1'), id: 'case-patterns', span: 'case -1', detail: 'equal to `-1`' },
    'literal: a complex number': { code: inCase('1 + 2‸j'), id: 'case-patterns', span: 'case 1 + 2j', detail: '**literal pattern**' },
    'literal: None, compared by identity': { code: inCase('No‸ne'), id: 'case-patterns', span: 'case None', detail: 'compared with `is`' },
    'literal: in a group': { code: inCase('(‸1)'), id: 'case-patterns', span: 'case (1)', detail: '**literal pattern**' },
    capture: { code: inCase('com‸mand_name'), id: 'case-patterns', span: 'case command_name', detail: /^A \*\*capture pattern\*\*: matches any subject and binds it to `command_name`; it never compares/ },
    wildcard: { code: 'match command:\n    case ‸_:\n        pass\n', id: 'case-patterns', span: 'case _', detail: /^A \*\*wildcard pattern\*\*/ },
    'value: a dotted name': { code: inCase('Color.R‸ED'), id: 'case-patterns', span: 'case Color.RED', detail: /^A \*\*value pattern\*\*: the dotted name `Color\.RED` is looked up and compared with `==`/ },
    'class: keyword sub-patterns': { code: inCase('Poi‸nt(x=0, y=y)'), id: 'case-patterns', span: 'case Point(x=0, y=y)', detail: /^A \*\*class pattern\*\*: matches when `isinstance\(subject, Point\)` holds and every sub-pattern matches; `x=0` tests the attribute `\.x`\.$/ },
    'class: positional sub-patterns': { code: inCase('Point(‸0, y)'), id: 'case-patterns', span: 'case Point(0, y)', detail: '`Point.__match_args__`' },
    'class: without arguments': { code: inCase('Point‸()'), id: 'case-patterns', span: 'case Point()', detail: 'tests the type alone' },
    'class: a builtin matches the subject itself': { code: inCase('st‸r(text)'), id: 'case-patterns', span: 'case str(text)', detail: 'on the builtin `str`' },
    'class: a class of the module named like a builtin is no builtin': { code: `class str:\n    pass\n\n${inCase('st‸r(text)')}`, id: 'case-patterns', span: 'case str(text)', detail: /^A \*\*class pattern\*\*: matches when `isinstance\(subject, str\)`/ },
    mapping: { code: inCase('{"action": act‸ion}'), id: 'case-patterns', span: 'case {"action": action}', detail: /^A \*\*mapping pattern\*\*: .*keys beyond these are allowed\.$/ },
    'mapping: with the rest': { code: inCase('{"action": action, **‸rest}'), id: 'case-patterns', span: 'case {"action": action, **rest}', detail: '`**rest` collects the other keys into a dict' },
    'sequence: a list': { code: inCase('[x, ‸y]'), id: 'case-patterns', span: 'case [x, y]', detail: /^A \*\*sequence pattern\*\*: matches a sequence — a list, a tuple, not a `str` or `bytes` — of exactly 2 items/ },
    'sequence: a tuple with a star': { code: inCase('(first, *‸rest)'), id: 'case-patterns', span: 'case (first, *rest)', detail: 'of at least 1 item; `*rest` collects the others into a list' },
    'sequence: a one-item tuple': { code: inCase('(‸x,)'), id: 'case-patterns', span: 'case (x,)', detail: 'exactly 1 item' },
    'sequence: open, without brackets': { code: inCase('x, ‸y'), id: 'case-patterns', span: 'case x, y', detail: 'exactly 2 items' },
    'sequence: a star wildcard': { code: inCase('[_, *‸_]'), id: 'case-patterns', span: 'case [_, *_]', detail: '`*_` skips the others' },
    'sequence: of any length': { code: inCase('[*‸items]'), id: 'case-patterns', span: 'case [*items]', detail: 'of any length; `*items` collects its items into a list' },
    or: { code: inCase('"y" |‸ "yes" | "ok"'), id: 'case-patterns', span: 'case "y" | "yes" | "ok"', detail: /^An \*\*or-pattern\*\*: matches when any of its 3 alternatives does/ },
    as: { code: inCase('[x, y] a‸s point'), id: 'case-patterns', span: 'case [x, y] as point', detail: /^An \*\*`as` pattern\*\*: matches the sequence pattern before `as`, then binds the whole matched value to `point`\.$/ },
    'as over an or-pattern': { code: inCase('(1 | 2) as ‸n'), id: 'case-patterns', span: 'case (1 | 2) as n', detail: 'matches the or-pattern before `as`' },
    guard: { code: inCase('[x] if x >‸ 0'), id: 'case-patterns', span: 'case [x] if x > 0', detail: /^A \*\*sequence pattern\*\*.* Its \*\*guard\*\* `if x > 0` is tested after the pattern has matched and bound its names/ },
    'a nested case, from a name inside the pattern': { code: 'def f(p):\n    match p:\n        case {"pos": [x, ‸y]}:\n            return y\n', id: 'case-patterns', span: 'case {"pos": [x, y]}', detail: '**mapping pattern**' },
  });
});

describe('half-typed matches', () => {
  itNeverThrows([
    'match command:\n    case ',
    'match command:\n    case [1, ',
    'match command:\n    case Point(x=',
    'match command:\n    case {"a": ',
    'match command:\n    case 1 | ',
    'match command:\n    case x as',
    'match command:\n    case x if',
    'match command:\n    case (',
    'match\n',
    'match x\n    case _: pass\n',
    'case _:\n    pass\n',
  ]);
});
