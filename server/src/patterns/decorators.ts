// Decorators: functions that wrap or register the function (or class) they are applied to,
// factories that build them from options, and `functools.wraps`. Each is explained from its `def`
// and from the `@name` that applies it in the same module.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternAnchor, type PatternContext } from '../engine/pattern';
import { namedChildren } from '../engine/syntax';
import { decoratedBy, decoratorStandingFor, definitionHeader, nameOf } from './anchors';
import { appliedShape, decoratorShape, type DecoratorShape } from './decorator-shapes';

type Kind = 'decorator' | 'decorator-factory' | 'class-decorator';

/** Which of the three patterns a shape is, where the decorator is applied to `target` (a `def` or a `class`; none at its own `def`). */
function kindOf(shape: DecoratorShape, target?: Node): Kind {
  if (shape.kind === 'factory') return 'decorator-factory';
  if (shape.kind === 'wrapper') return 'decorator';
  return shape.classes || target?.type === 'class_definition' ? 'class-decorator' : 'decorator';
}

/** A node's text as markdown code. */
function code(node: Node | undefined): string {
  return node ? `\`${node.text}\`` : 'it';
}

/** The name of a function's first positional parameter: what a decorator factory applied without a call receives the function as. */
function firstPositional(definition: Node): Node | undefined {
  const [first] = namedChildren(definition.childForFieldName('parameters'));
  switch (first?.type) {
    case 'identifier':
      return first;
    case 'typed_parameter':
      return first.firstNamedChild?.type === 'identifier' ? first.firstNamedChild : undefined;
    case 'default_parameter':
    case 'typed_default_parameter':
      return first.childForFieldName('name') ?? undefined;
    default:
      return undefined;
  }
}

/** What the `def` of a decorator does with what it gets. */
function definitionDetail(shape: DecoratorShape): string {
  const name = nameOf(shape.definition);
  switch (shape.kind) {
    case 'wrapper': {
      const wrapper = nameOf(shape.wrapper);
      const missing = shape.wraps ? '' : ` ${wrapper} is not decorated with \`@functools.wraps(${shape.parameter.text})\`, so it hides the name and docstring of the function it stands for.`;
      return `${name} returns ${wrapper}, which calls ${code(shape.parameter)} in its place.${missing}`;
    }
    case 'returns-argument':
      return shape.classes
        ? `${name} gets the class as ${code(shape.parameter)} and returns it: it runs once for each class it decorates, right after the class body.`
        : `${name} hands ${code(shape.parameter)} back unchanged after its own work: no wrapper, so calls go straight to the function.`;
    case 'factory':
      return `${name} returns the decorator ${nameOf(shape.decorator)}: \`@${shape.definition.childForFieldName('name')?.text}(…)\` calls it once, when the decorated definition runs.`;
  }
}

/** What the `@…` that applies a decorator of this module does to `target`. */
function useDetail(shape: DecoratorShape, expression: Node, target: Node): string {
  const name = nameOf(shape.definition);
  const decorated = nameOf(target);
  const called = expression.type === 'call';
  if (shape.kind === 'factory') {
    if (called) return `\`${expression.text}\` runs once, when ${decorated} is defined, and returns ${nameOf(shape.decorator)}, which then ${shape.inner.kind === 'wrapper' ? 'wraps' : 'receives'} ${decorated}.`;
    const option = firstPositional(shape.definition);
    const misuse = option ? `it receives ${decorated} as ${code(option)}, and ${decorated} is bound to the inner ${nameOf(shape.decorator)} instead` : `it is called with ${decorated}, for which it has no parameter, and raises \`TypeError\``;
    return `⚠ ${name} is a decorator factory: written without a call, ${misuse}.`;
  }
  const what = shape.kind === 'returns-argument' && (shape.classes || target.type === 'class_definition') ? 'the class' : 'the function';
  if (called) return `⚠ ${name} takes ${what} itself: \`@${expression.text}\` calls it without one, which raises \`TypeError\` when ${decorated} is defined.`;
  if (shape.kind === 'wrapper') return `\`@${expression.text}\` replaces ${decorated} with the ${nameOf(shape.wrapper)} that ${name} returns.`;
  return what === 'the class'
    ? `${name} receives the class ${decorated} once its body has run; the name ${decorated} is bound to what it returns.`
    : `${name} receives ${decorated} and hands it back unchanged.`;
}

/** The anchors of one of the three kinds: the decorator's `def`, and the `@…` applying it in its module. */
function decoratorAnchors(kind: Kind): Record<string, PatternAnchor> {
  return {
    function_definition: (definition: Node, context: PatternContext) => {
      const shape = decoratorShape(definition, context);
      return shape && kindOf(shape) === kind ? definitionHeader(definition, definitionDetail(shape)) : undefined;
    },
    decorator: (decorator: Node, context: PatternContext) => {
      const expression = decorator.firstNamedChild;
      const target = decoratedBy(decorator);
      const shape = expression && target ? appliedShape(expression, context) : undefined;
      if (!shape || !expression || !target || kindOf(shape, target) !== kind) return undefined;
      return { start: decorator.startIndex, end: decorator.endIndex, detail: useDetail(shape, expression, target) };
    },
  };
}

export const DECORATOR_PATTERNS = [
  definePattern({
    meta: {
      id: 'decorator',
      title: 'Decorator',
      family: 'decorators',
      minPython: [3, 0],
      summary:
        'A decorator takes a function and returns what stands in for it, usually a `wrapper` defined inside it that runs code around each call. ' +
        '`@timed` above a `def` means `load = timed(load)` right after it. ' +
        'Reach for one when the same before-and-after logic (timing, retries, checks, logging) belongs around many functions.',
      pitfall: 'Leaving out `@functools.wraps(func)` on the wrapper: the decorated function then shows the wrapper\'s name, docstring and signature to `help()`, loggers and test tools.',
      example: [
        'import functools',
        'import time',
        '',
        '',
        'def timed(func):',
        '    @functools.wraps(func)',
        '    def wrapper(*args, **kwargs):',
        '        started = time.perf_counter()',
        '        try:',
        '            return func(*args, **kwargs)',
        '        finally:',
        '            print(f"{func.__name__}: {time.perf_counter() - started:.3f}s")',
        '    return wrapper',
        '',
        '',
        '@timed',
        'def load(path):',
        '    with open(path) as file:',
        '        return file.read()',
      ].join('\n'),
    },
    anchors: decoratorAnchors('decorator'),
  }),
  definePattern({
    meta: {
      id: 'decorator-factory',
      title: 'Decorator factory',
      family: 'decorators',
      minPython: [3, 0],
      summary:
        'A decorator factory takes options and returns a decorator: `@retry(times=3)` first calls `retry(times=3)`, then applies what it returns to the function. ' +
        'Reach for one when a decorator needs settings; its three nested functions receive the options, the function, and each call\'s arguments.',
      pitfall: 'Applying it without parentheses: `@retry` passes the function in as the first option, and the name ends up bound to the inner decorator rather than to a working function.',
      example: [
        'import functools',
        'import time',
        '',
        '',
        'def retry(times=3, delay=0.5):',
        '    def decorator(func):',
        '        @functools.wraps(func)',
        '        def wrapper(*args, **kwargs):',
        '            for attempt in range(times - 1):',
        '                try:',
        '                    return func(*args, **kwargs)',
        '                except ConnectionError:',
        '                    time.sleep(delay * 2**attempt)',
        '            return func(*args, **kwargs)',
        '        return wrapper',
        '    return decorator',
        '',
        '',
        '@retry(times=5)',
        'def fetch(url):',
        '    ...',
      ].join('\n'),
    },
    anchors: decoratorAnchors('decorator-factory'),
  }),
  definePattern({
    meta: {
      id: 'class-decorator',
      title: 'Class decorator',
      family: 'decorators',
      minPython: [3, 0],
      summary:
        'A class decorator receives a class just after its body has run, and the class name is bound to whatever it returns, usually the same class. ' +
        'Reach for one to register classes (plugins, handlers, serializers) or to add methods to them, where a metaclass or a shared base class would be heavier.',
      pitfall: 'Forgetting `return cls` at the end: the decorator returns `None`, and the class name is bound to `None`.',
      example: [
        'HANDLERS = {}',
        '',
        '',
        'def handler(cls):',
        '    HANDLERS[cls.__name__.lower()] = cls',
        '    return cls',
        '',
        '',
        '@handler',
        'class Csv:',
        '    def parse(self, text):',
        '        return [line.split(",") for line in text.splitlines()]',
      ].join('\n'),
    },
    anchors: decoratorAnchors('class-decorator'),
  }),
  definePattern({
    meta: {
      id: 'functools-wraps',
      title: '`functools.wraps`',
      family: 'decorators',
      minPython: [3, 2],
      summary:
        '`@functools.wraps(func)` on a wrapper copies the wrapped function\'s `__name__`, `__qualname__`, `__doc__`, `__module__` and annotations onto it, ' +
        'and sets `__wrapped__`, through which `inspect.signature()` reports the original parameters. ' +
        'Put it on every wrapper a decorator returns.',
      pitfall: 'Writing `@functools.wraps` without `(func)`: the wrapper is then replaced by a `functools.partial`, and calling the decorated function fails.',
      example: [
        'from functools import wraps',
        '',
        '',
        'def logged(func):',
        '    @wraps(func)',
        '    def wrapper(*args, **kwargs):',
        '        print("calling", func.__name__)',
        '        return func(*args, **kwargs)',
        '    return wrapper',
      ].join('\n'),
    },
    anchors: { decorator: decoratorStandingFor(['functools.wraps'], wrapsDetail) },
    names: ['functools.wraps'],
  }),
];

/** What `@wraps(func)` copies onto which wrapper, or that it is missing its argument. */
function wrapsDetail(decorator: Node): string | undefined {
  const expression = decorator.firstNamedChild;
  const wrapper = decoratedBy(decorator)?.childForFieldName('name')?.text;
  if (expression?.type !== 'call') return `⚠ \`wraps\` must be called with the wrapped function: \`@${expression?.text ?? 'wraps'}(func)\`.`;
  const [wrapped] = namedChildren(expression.childForFieldName('arguments'));
  return wrapped && wrapper ? `Copies the metadata of \`${wrapped.text}\` onto \`${wrapper}\` and points \`${wrapper}.__wrapped__\` at it.` : undefined;
}
