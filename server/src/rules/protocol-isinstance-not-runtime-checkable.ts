import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type FixSpec, type RuleContext } from '../engine/rule';
import { isOneOf, type ClassFacts } from '../engine/semantic/classes';
import { namedChildren } from '../engine/syntax';

const PROTOCOLS = ['typing.Protocol', 'typing_extensions.Protocol'];
/** `typing_extensions.runtime` is the decorator's name from before it was added to `typing`. */
const RUNTIME_CHECKABLE = ['typing.runtime_checkable', 'typing_extensions.runtime_checkable', 'typing_extensions.runtime'];

const check: CallHandler = (call, context, qualified) => {
  const args = namedChildren(call.childForFieldName('arguments'));
  if (args.length !== 2 || args.some((argument) => argument.type === 'keyword_argument')) return;
  // A test that expects the error is not the bug.
  if (context.semantic.expectsRaise(call)) return;
  const callee = qualified.slice('builtins.'.length);
  for (const name of classNames(args[1])) {
    const protocol = protocolClass(name, context);
    if (!protocol) continue;
    context.report({
      node: name,
      message: `\`${callee}()\` with the protocol \`${protocol.name}\` raises TypeError: it is not decorated with \`@runtime_checkable\``,
      fix: decorate(protocol, call, context),
    });
  }
};

/** The names checked against: `P`, or each name of a tuple `(P, Q)`. */
function classNames(argument: Node): Node[] {
  if (argument.type === 'identifier') return [argument];
  return argument.type === 'tuple' ? namedChildren(argument).flatMap(classNames) : [];
}

/**
 * The module-level class a name refers to, when it lists `Protocol` among its own bases and no
 * `runtime_checkable` (a library's re-export counts too) decorates it. A class deriving from a
 * protocol without listing `Protocol` is an ordinary class, fine to check against.
 */
function protocolClass(name: Node, context: RuleContext): ClassFacts | undefined {
  const binding = context.semantic.resolve(name);
  if (binding?.kind !== 'class' || binding.scope !== context.semantic.module || binding.alternatives) return undefined;
  const protocol = context.facts.classes.get(name.text);
  if (!protocol || !protocol.bases.some((base) => isOneOf(base, PROTOCOLS))) return undefined;
  const checkable = protocol.decorators.some((decorator) => decorator.qualified.some((each) => RUNTIME_CHECKABLE.includes(each)) || /(^|\.)runtime_checkable$/.test(decorator.callee ?? ''));
  return checkable ? undefined : protocol;
}

/**
 * `@runtime_checkable` spelled the way the module spells `Protocol`: `@typing.runtime_checkable`
 * for `typing.Protocol`, else the name from a `from … import`, added when missing.
 */
function decorate(protocol: ClassFacts, call: Node, context: RuleContext): FixSpec | undefined {
  const base = protocol.bases.find((each) => isOneOf(each, PROTOCOLS))!;
  const module = base.qualified.find((name) => PROTOCOLS.includes(name))!.replace(/\.Protocol$/, '');
  const className = protocol.name;
  const dot = base.callee?.lastIndexOf('.') ?? -1;
  if (base.callee && dot !== -1) return { edits: [], decorateClass: { className, decorator: `${base.callee.slice(0, dot)}.runtime_checkable` } };
  const existing = context.semantic.spell(`${module}.runtime_checkable`, call);
  if (existing) return { edits: [], decorateClass: { className, decorator: existing } };
  // The decorator goes above a module-level class: the name must be free in the module.
  if (context.semantic.bindsGlobally('runtime_checkable') || context.facts.starImports.length > 0) return undefined;
  return { edits: [], decorateClass: { className, decorator: 'runtime_checkable' }, imports: [{ module, name: 'runtime_checkable' }] };
}

export default defineRule({
  meta: {
    code: 'PH209',
    name: 'protocol-isinstance-not-runtime-checkable',
    kind: 'correctness',
    selection: 'default',
    category: 'typing',
    severity: 'error',
    minPython: [3, 8],
    message: '`isinstance()`/`issubclass()` with a protocol that is not `@runtime_checkable` raises TypeError',
    docs: {
      what: [
        'Flags `isinstance(x, P)` and `issubclass(C, P)`, also with `P` inside a tuple, where `P` is a class of the same',
        'module that lists `typing.Protocol` (or `typing_extensions.Protocol`, or `Protocol[T]`) among its bases and is',
        'not decorated with `@runtime_checkable`. Classes that merely implement a protocol are ordinary classes and not',
        'flagged.',
        'Code inside `with self.assertRaises(…)` or `with pytest.raises(…)` expects the error and is not flagged.',
      ].join(' '),
      why: [
        'A protocol describes a shape for the type checker; by default Python refuses to test objects against it at',
        'run time, and the check raises `TypeError` instead of answering. The call usually sits in a branch the tests',
        'rarely reach, so the crash shows up late.',
        '',
        'Decorating the protocol with `@runtime_checkable` allows the check. It then only looks at whether the object',
        'has the protocol\'s members, not at their signatures or types, so it is a coarse filter, not a type check.',
        'A protocol with data members (not only methods) still cannot be used with `issubclass()`.',
      ].join('\n'),
      example: [
        'from typing import Protocol',
        '',
        'class Closeable(Protocol):',
        '    def close(self) -> None: ...',
        '',
        'def shutdown(resources):',
        '    for resource in resources:',
        '        if isinstance(resource, Closeable):',
        '            resource.close()',
      ].join('\n'),
      instead: [
        'from typing import Protocol, runtime_checkable',
        '',
        '@runtime_checkable',
        'class Closeable(Protocol):',
        '    def close(self) -> None: ...',
        '',
        'def shutdown(resources):',
        '    for resource in resources:',
        '        if isinstance(resource, Closeable):',
        '            resource.close()',
      ].join('\n'),
    },
    fix: { safety: 'safe', title: 'Decorate the protocol with `@runtime_checkable`' },
  },
  visit: {
    calls: { 'builtins.isinstance': check, 'builtins.issubclass': check },
    // The protocol is a class of the same file, so its base (or the import of an alias) names `Protocol`.
    sourceIncludes: 'Protocol',
  },
});
