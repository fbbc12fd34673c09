import type { Node } from 'web-tree-sitter';
import { localScope } from '../engine/semantic/local-scopes';
import { valueUses } from '../engine/semantic/value-uses';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import {
  bodyStatements,
  decoratorsOf,
  enclosingClass,
  indentationOf,
  isDocstring,
  isModuleLevel,
  lineBreakOf,
  ownScopeNodes,
  parameterNames,
  startsItsLine,
  statementsAfterDocstring,
} from '../engine/syntax';

const MIXIN_NAME = /Mix[Ii]n$/;
/**
 * Bases whose `__init__` does nothing worth running, so skipping it breaks nothing: `object`,
 * the typing helpers, and the builtin exceptions whose `__init__` only stores the arguments,
 * which `BaseException.__new__` has already done.
 */
const INERT_BASES = new Set([
  'builtins.object',
  'abc.ABC',
  'typing.Generic',
  'typing.Protocol',
  'typing_extensions.Protocol',
  ...[
    'BaseException', 'Exception', 'ArithmeticError', 'AssertionError', 'AttributeError', 'IndexError', 'KeyError', 'LookupError', 'NotImplementedError',
    'RuntimeError', 'TypeError', 'ValueError', 'Warning', 'UserWarning', 'DeprecationWarning', 'RuntimeWarning',
  ].map((name) => `builtins.${name}`),
]);

const check: NodeHandler = (definition, context) => {
  if (!/^(async\s+)?def\s+__init__\b/.test(context.text(definition))) return;
  const name = definition.childForFieldName('name');
  if (!name || context.text(name) !== '__init__') return;
  const parameters = parameterNames(definition.childForFieldName('parameters'), context.text);
  const args = parameters.find((parameter) => /^\*\w+$/.test(parameter));
  const kwargs = parameters.find((parameter) => /^\*\*\w+$/.test(parameter));
  // Catch-all parameters are for arguments meant for the classes after it. An `__init__` with
  // named parameters only is often called by hand from each subclass, or replaces the base's on
  // purpose (seen in real code), which this rule cannot tell from the mixin.
  if (!args && !kwargs) return;
  const owner = enclosingClass(definition);
  const className = owner?.childForFieldName('name');
  // Only the name says a class is made to come before others. A class merely listed first is
  // usually initialised by hand from its subclass (`Base.__init__(self, …)` for each base).
  if (!owner || !className || !MIXIN_NAME.test(context.text(className)) || !isModuleLevel(owner)) return;
  const mixin = context.text(className);
  const skipped = skippedBase(mixin, context);
  if (skipped === undefined || chainsExplicitly(definition, context) || isPlaceholder(definition, context)) return;
  // An `__init__` that reads its `*args`/`**kwargs` (`kwargs.get("selection")`) takes them as its own
  // options, not as arguments meant for the classes after it.
  if (usesEither(definition, [args, kwargs].filter((name): name is string => name !== undefined), context)) return;
  const consequence = skipped
    ? `\`${skipped.subclass}\` lists it before \`${skipped.base}\`, whose \`__init__\` then never runs`
    : 'the `__init__` of the classes after it in a subclass\'s MRO never runs';
  context.report({
    node: name,
    message: `\`${mixin}.__init__\` takes \`${[args, kwargs].filter(Boolean).join(', ')}\` but never passes them to \`super().__init__()\`: ${consequence}`,
    fix: args && kwargs ? superCall(definition, `super().__init__(${args}, ${kwargs})`, context) : undefined,
  });
};

/**
 * What the mixin cuts off: the first real base after it in a class of the module that lists it
 * (`{ subclass, base }`); `null` when no class of the module derives from it; `undefined` when
 * this module only puts inert bases after it, or none (then it ends the chain on purpose), or a
 * subclass initialises its bases by hand (`Mixin.__init__(self)`, then each of the others).
 */
function skippedBase(mixin: string, context: RuleContext): { subclass: string; base: string } | null | undefined {
  const subclasses = context.semantic.subclassesOf(mixin);
  if (subclasses.length === 0) return null;
  if (subclasses.some((subclass) => subclass.initCalls.includes(mixin))) return undefined;
  for (const subclass of subclasses) {
    const index = subclass.bases.findIndex((base) => base.callee === mixin);
    const base = subclass.bases.slice(index + 1).find((later) => !later.qualified.some((name) => INERT_BASES.has(name)));
    if (base) return { subclass: subclass.name, base: base.callee ?? base.text };
  }
  return undefined;
}

/** Whether the method's body reads `*args` or `**kwargs` (names given with their stars). */
function usesEither(definition: Node, names: string[], context: RuleContext): boolean {
  const scope = localScope(definition);
  return names.some((name) => {
    const binding = scope.bindings.get(name.replace(/^\*+/, ''))?.find((each) => each.kind === 'parameter');
    return binding !== undefined && valueUses(context.semantic, binding).references.length > 0;
  });
}

/**
 * Any `….__init__` in the method's own scope: `super().__init__`, `super(Cls, self).__init__`,
 * or an explicit `Base.__init__(self)`, which chains deliberately to one class and is left alone.
 */
function chainsExplicitly(definition: Node, context: RuleContext): boolean {
  const body = definition.childForFieldName('body');
  return body !== null && ownScopeNodes(body, ['attribute']).some((attribute) => {
    const name = attribute.childForFieldName('attribute');
    return name !== null && context.text(name) === '__init__';
  });
}

/** Overload signatures and bodies that only raise never initialise anything. */
function isPlaceholder(definition: Node, context: RuleContext): boolean {
  if (decoratorsOf(definition).some((decorator) => context.semantic.matches(decorator, 'typing.overload', 'typing_extensions.overload'))) return true;
  const statements = statementsAfterDocstring(definition);
  return statements.length > 0 && statements.every((statement) => statement.type === 'raise_statement');
}

/** The `super().__init__(…)` call first in the body, after the docstring. */
function superCall(definition: Node, call: string, context: RuleContext): FixSpec | undefined {
  const { source } = context;
  const statements = bodyStatements(definition);
  const hasDocstring = statements.length > 0 && isDocstring(statements[0]);
  const first = statements[hasDocstring ? 1 : 0];
  if (first) {
    const text = startsItsLine(first, source) ? `${call}${lineBreakOf(source)}${indentationOf(first, source)}` : `${call}; `;
    return { edits: [{ start: first.startIndex, end: first.startIndex, text }] };
  }
  // The body is only its docstring.
  const docstring = statements[0];
  if (!docstring) return undefined;
  const text = startsItsLine(docstring, source) ? `${lineBreakOf(source)}${indentationOf(docstring, source)}${call}` : `; ${call}`;
  return { edits: [{ start: docstring.endIndex, end: docstring.endIndex, text }] };
}

export default defineRule({
  meta: {
    code: 'PH210',
    name: 'mixin-init-without-super',
    kind: 'correctness',
    selection: 'default',
    category: 'classes',
    severity: 'warning',
    minPython: [3, 0],
    message: 'A mixin\'s `__init__` takes `*args`/`**kwargs` but never calls `super().__init__()`, so the classes after it are not initialised',
    docs: {
      what: [
        'Flags an `__init__` that takes `*args` or `**kwargs` yet never reaches `super().__init__`, in a module-level',
        'class named `…Mixin` (or `…MixIn`). A mixin this module only puts before bases with no `__init__` of interest',
        '(`object`, `ABC`, `Generic[T]`, `Protocol`, plain builtin exceptions), or only last, is left alone, and so is',
        'an explicit `Base.__init__(self)` call, taken as a deliberate choice, a subclass that initialises its bases by',
        'hand (`Mixin.__init__(self)`), and an `__init__` that reads its `*args`/`**kwargs` itself (`kwargs.get(…)`),',
        'taking them as its own options. Classes with other names, and `__init__` methods with named parameters only,',
        'are not flagged: those are usually initialised by hand from each subclass or replace the base\'s `__init__` on',
        'purpose, which the rule cannot see from the mixin.',
      ].join(' '),
      why: [
        'With several bases, `super()` does not mean "my parent": it means the next class in the instance\'s method',
        'resolution order, which depends on the final class. A mixin usually comes first in the bases, so the real base',
        'class follows it in that order, and its `__init__` runs only if every `__init__` before it passes the call on.',
        'A catch-all signature says the mixin expects to receive arguments meant for those later classes; dropping them',
        'instead of forwarding them with `super().__init__(*args, **kwargs)` silently cuts the chain. The base\'s',
        'attributes are never set, and the error surfaces later as a missing attribute far from its cause.',
      ].join('\n'),
      example: [
        'import time',
        '',
        'class TimestampMixin:',
        '    def __init__(self, *args, **kwargs):',
        '        self.created = time.time()',
        '',
        'class Document:',
        '    def __init__(self, title):',
        '        self.title = title',
        '',
        'class Note(TimestampMixin, Document):',
        '    pass',
      ].join('\n'),
      instead: [
        'import time',
        '',
        'class TimestampMixin:',
        '    def __init__(self, *args, **kwargs):',
        '        super().__init__(*args, **kwargs)',
        '        self.created = time.time()',
        '',
        'class Document:',
        '    def __init__(self, title):',
        '        self.title = title',
        '',
        'class Note(TimestampMixin, Document):',
        '    pass',
      ].join('\n'),
      fixSafety: [
        'Offered only when `__init__` takes both `*args` and `**kwargs` (and, being flagged, never reads them), forwarded under the names it uses, as the first',
        'statement after the docstring. Code that never ran now runs: the next class\'s `__init__` may reject the',
        'forwarded arguments or have side effects, and since it runs before the mixin\'s own statements, it cannot use',
        'attributes the mixin sets. Move the call further down when it needs them.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Call `super().__init__(*args, **kwargs)` first' },
    peers: [{ tool: 'pylint', code: 'W0231', name: 'super-init-not-called' }],
    narrower: 'Pylint\'s W0231 flags any `__init__` that does not call its base\'s; this rule only speaks of mixins whose catch-all parameters show they expect to pass arguments on, and only when a class of the module puts a real base after them.',
  },
  visit: {
    nodes: { function_definition: check },
    sourceIncludes: '__init__',
  },
});
