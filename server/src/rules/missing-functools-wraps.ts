// PH101: a decorator whose wrapper stands in for the decorated function without `functools.wraps`.
// What makes a function a decorator and its wrapper a stand-in is asked of `decorator-wrappers.ts`.

import type { Node } from 'web-tree-sitter';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import { localScope } from '../engine/semantic/local-scopes';
import { bodyStatements, decoratorsOf, enclosingFunction, indentationOf, isDocstring, lineBreakOf, parameterNames, returnedFunctions } from '../engine/syntax';
import { holdsText } from '../engine/text-search';
import { addWraps, copiesMetadata, forwardedCallee, functoolsName, handedOn, soleRequiredParameter } from './decorator-wrappers';

/** Parameter names that say "the decorated function". */
const FUNCTION_NAMES = /^(f|fn|fun|func|function|fxn|meth|method|wrapped|callable|coro|coroutine|view)$|_(fn|func|function|method)$/;

/** Words in a decorator's comments or docstring that say its author thought about the metadata. */
const EXPLAINS_METADATA = /\bwraps\b|functools|__name__|__doc__|__qualname__|metadata|signature|preserv|\bname of\b/i;

/** A `def` searched for after the function's own one (set `lastIndex` first). */
const NESTED_DEF = /\bdef\s/g;

const checkFunction: NodeHandler = (decorator, context) => {
  // A decorator defines and returns its wrapper: text tests (its own `def`, then the wrapper's) rule out most functions.
  const text = context.text(decorator);
  const after = text.indexOf('def') + 3;
  NESTED_DEF.lastIndex = after;
  if (text.indexOf('def', after) < 0 || !NESTED_DEF.test(text) || !/\breturn\b/.test(text)) return;
  const body = decorator.childForFieldName('body');
  if (!body) return;
  const decorated = soleRequiredParameter(decorator, context);
  if (!decorated) return;
  const wrappers = returnedFunctions(decorator);
  if (wrappers.length === 0 || explainsMetadata(decorator, context)) return;
  const parameter = localScope(decorator).bindings.get(decorated)?.find((binding) => binding.kind === 'parameter');
  if (!parameter || !looksLikeDecorator(decorator, decorated, context)) return;
  const isDecorated = (callee: Node) => (callee.type === 'identifier' && context.semantic.resolve(callee)?.node?.id === parameter.node?.id ? decorated : undefined);
  for (const { name, definition: wrapper } of wrappers) {
    // A decorated wrapper is replaced by what its decorator returns; `@wraps` may not go first.
    if (decoratorsOf(wrapper).length > 0 || copiesMetadata(body, name, context) || handedOn(decorator, name, context)) continue;
    if (!forwardedCallee(wrapper, isDecorated, 0)) continue;
    context.report({
      node: wrapper.childForFieldName('name')!,
      message: `\`${name}\` stands in for \`${decorated}\` without \`functools.wraps\`: the decorated function loses its name, docstring and signature`,
      fix: addWraps(wrapper, decorated, context),
    });
  }
};

/**
 * Besides the shape, one sign that the function decorates rather than adapts a callback: its
 * parameter is named like a function, the module uses it as a decorator (`@name`), or it is itself
 * returned by a decorator factory.
 */
function looksLikeDecorator(decorator: Node, decorated: string, context: RuleContext): boolean {
  if (FUNCTION_NAMES.test(decorated)) return true;
  const name = decorator.childForFieldName('name')?.text;
  if (name !== undefined && context.facts.decoratorNames.has(name)) return true;
  const factory = enclosingFunction(decorator);
  return factory?.type === 'function_definition' && returnedFunctions(factory).some((returned) => returned.name === name);
}

/** A comment or the docstring of the decorator that talks about names or metadata: leaving out `wraps` was a choice. */
function explainsMetadata(decorator: Node, context: RuleContext): boolean {
  const [first] = bodyStatements(decorator);
  const docstring = first && isDocstring(first) ? context.text(first) : '';
  return EXPLAINS_METADATA.test(docstring) || decorator.descendantsOfType('comment').some((comment) => comment !== null && EXPLAINS_METADATA.test(comment.text));
}

/** A class whose `__init__` stores a callable that `__call__` forwards its arguments to: a decorator implemented as a class. */
const checkClass: NodeHandler = (definition, context) => {
  // Only a class the module uses as a decorator: others wrap callables for other reasons (timing,
  // adapting, descriptors). Asked first, it rules out most classes before their text is searched.
  const name = definition.childForFieldName('name');
  if (!name || !context.facts.decoratorNames.has(name.text)) return;
  const text = context.text(definition);
  if (!holdsText(text, '__call__') || !holdsText(text, '__init__')) return;
  const body = definition.childForFieldName('body');
  if (!body) return;
  const methods = new Map<string, Node>();
  for (const statement of bodyStatements(definition)) {
    const method = statement.type === 'function_definition' ? statement.childForFieldName('name') : null;
    if (method) methods.set(method.text, statement);
  }
  const init = methods.get('__init__');
  const call = methods.get('__call__');
  if (!init || !call) return;
  const [self] = parameterNames(init.childForFieldName('parameters'), context.text);
  // Like `@Timed` receives a function and nothing else: `def __init__(self, func)`.
  const decorated = soleRequiredParameter(init, context);
  if (!self || !decorated || !FUNCTION_NAMES.test(decorated) || copiesMetadata(body, self, context)) return;
  // `self.func = func` for a parameter of `__init__`: the attribute holds the decorated callable.
  const stored = new Map<string, { parameter: string; statement: Node }>();
  for (const statement of bodyStatements(init)) {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const right = assignment?.childForFieldName('right');
    if (left?.type !== 'attribute' || right?.type !== 'identifier' || right.text !== decorated) continue;
    if (left.childForFieldName('object')?.text === self) stored.set(left.childForFieldName('attribute')!.text, { parameter: right.text, statement });
  }
  if (stored.size === 0) return;
  const [callSelf] = parameterNames(call.childForFieldName('parameters'), context.text);
  const storedAttribute = (callee: Node) => {
    const attribute = callee.type === 'attribute' && callee.childForFieldName('object')?.text === callSelf ? callee.childForFieldName('attribute')?.text : undefined;
    return attribute !== undefined && stored.has(attribute) ? attribute : undefined;
  };
  const attribute = forwardedCallee(call, storedAttribute, 1);
  if (!attribute) return;
  const { parameter, statement } = stored.get(attribute)!;
  context.report({
    node: name,
    message: `\`${name.text}\` wraps \`${parameter}\` without \`functools.update_wrapper(${self}, ${parameter})\`: its instances lose the wrapped function's name, docstring and signature`,
    fix: hasSlots(definition) ? undefined : addUpdateWrapper(statement, self, parameter, context),
  });
};

function addUpdateWrapper(statement: Node, self: string, parameter: string, context: RuleContext): FixSpec | undefined {
  const spelled = functoolsName('update_wrapper', statement, context);
  if (!spelled) return undefined;
  const eol = lineBreakOf(context.source);
  const text = `${eol}${indentationOf(statement, context.source)}${spelled.name}(${self}, ${parameter})`;
  return { edits: [{ start: statement.endIndex, end: statement.endIndex, text }], imports: spelled.imports, safety: 'unsafe' };
}

/** `update_wrapper` sets `__doc__` and friends on the instance, which fails without a `__dict__`. */
function hasSlots(definition: Node): boolean {
  return bodyStatements(definition).some((statement) => {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    return assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === '__slots__';
  });
}

export default defineRule({
  meta: {
    code: 'PH101',
    name: 'missing-functools-wraps',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'decorators',
    severity: 'warning',
    minPython: [3, 2],
    message: 'A decorator returns a wrapper without `functools.wraps`: the decorated function loses its name, docstring and signature',
    docs: {
      what: [
        'Flags a decorator whose wrapper is not decorated with `functools.wraps`: a function taking one required argument',
        '(after `self`/`cls`) that defines an inner function, returns it, and inside it calls the argument with all of the',
        'inner function\'s own arguments. To tell decorators from callback factories, the argument must be named like a',
        'function (`func`, `fn`, `method`, …), or the module use the function as a decorator (`@name`), or a decorator',
        'factory return it. Decorators that copy the metadata another way (`update_wrapper`, setting `__name__`/`__doc__`,',
        'a helper the wrapper is handed to), and those whose comments or docstring talk about the name or metadata (the',
        'author chose), are skipped. A decorator written as a class is flagged when the module uses it as a decorator,',
        '`__init__(self, func)` stores the function and `__call__` forwards its arguments to it, without',
        '`functools.update_wrapper(self, func)`. Opt-in: on well-kept code most wrappers without `wraps` turned out to be',
        'callback adapters and test helpers whose metadata nobody reads.',
      ].join(' '),
      why: [
        'A decorator replaces the function with whatever it returns. Without `wraps`, that object is the wrapper: its',
        '`__name__` is `wrapper`, its docstring is gone, and `help()`, `inspect.signature()`, logging, pickling by name,',
        'test runners and documentation tools all describe the wrapper instead of your function.',
        '',
        '`@functools.wraps(func)` copies `__module__`, `__name__`, `__qualname__`, `__doc__`, `__annotations__` and the',
        'function\'s `__dict__` onto the wrapper and sets `__wrapped__`, through which `inspect.signature()` reports the',
        'original parameters and `inspect.unwrap()` reaches the original function.',
        '',
        'Decorators that return the function unchanged (registration), or return something other than a wrapper',
        'defined inside them, are not flagged.',
      ].join('\n'),
      example: [
        'import time',
        '',
        'def timed(func):',
        '    def wrapper(*args, **kwargs):',
        '        start = time.perf_counter()',
        '        try:',
        '            return func(*args, **kwargs)',
        '        finally:',
        '            print(func.__name__, time.perf_counter() - start)',
        '    return wrapper',
      ].join('\n'),
      instead: [
        'import functools',
        'import time',
        '',
        'def timed(func):',
        '    @functools.wraps(func)',
        '    def wrapper(*args, **kwargs):',
        '        start = time.perf_counter()',
        '        try:',
        '            return func(*args, **kwargs)',
        '        finally:',
        '            print(func.__name__, time.perf_counter() - start)',
        '    return wrapper',
      ].join('\n'),
      fixSafety: [
        'Adding `@functools.wraps(func)` (or `wraps` when it is imported by name) only changes metadata, so it is a safe',
        'fix; code that reads the wrapper\'s `__name__` or `inspect.signature()` sees the wrapped function\'s from then on.',
        'For a class, the fix calls `functools.update_wrapper(self, func)` after `__init__` stores the function. It is',
        'unsafe: it copies the function\'s `__dict__` onto the instance, where its entries can shadow the class\'s own',
        'attributes. Classes with `__slots__` get no fix, since the copy needs an instance `__dict__`.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Copy the wrapped function\'s metadata with functools.wraps' },
  },
  visit: {
    nodes: { function_definition: checkFunction, class_definition: checkClass },
  },
});
