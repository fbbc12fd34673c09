import type { Node } from 'web-tree-sitter';
import { qualifiedName, refersTo, type ClassFacts } from '../engine/facts';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import { namedChildren, parameterNames } from '../engine/syntax';

const PROTOCOL_MODULES = ['typing', 'typing_extensions'];

const check: NodeHandler = (call, context) => {
  const callee = context.text(call.childForFieldName('function')!);
  if (context.facts.imports.some((binding) => binding.local === callee)) return;
  const args = namedChildren(call.childForFieldName('arguments'));
  if (args.length !== 2 || args.some((argument) => argument.type === 'keyword_argument')) return;
  for (const name of classNames(args[1])) {
    const written = context.text(name);
    const protocol = context.facts.classes.get(written);
    const base = protocol && protocolBase(protocol, context);
    if (!protocol || !base || isRuntimeCheckable(protocol, context) || isParameter(call, written, context)) continue;
    context.report({
      node: name,
      message: `\`${callee}()\` with the protocol \`${written}\` raises TypeError: it is not decorated with \`@runtime_checkable\``,
      fix: decorate(written, base, context),
    });
  }
};

/** The names checked against: `P`, or each name of a tuple `(P, Q)`. */
function classNames(argument: Node): Node[] {
  if (argument.type === 'identifier') return [argument];
  return argument.type === 'tuple' ? namedChildren(argument).flatMap(classNames) : [];
}

/**
 * The `Protocol` base as written without its type parameters (`typing.Protocol`, `Protocol`),
 * when the class lists it itself. A class deriving from a protocol without listing `Protocol`
 * is an ordinary class, fine to check against.
 */
function protocolBase(protocol: ClassFacts, context: RuleContext): string | undefined {
  return protocol.bases
    .map((base) => base.replace(/\s*\[[\s\S]*$/, ''))
    .find((base) => PROTOCOL_MODULES.some((module) => qualifiedName(context.facts, base) === `${module}.Protocol`));
}

/**
 * Any `runtime_checkable` counts, a library's re-export included; so does `typing_extensions.runtime`,
 * the decorator's name from before it was added to `typing`.
 */
function isRuntimeCheckable(protocol: ClassFacts, context: RuleContext): boolean {
  return protocol.decorators.some(
    (decorator) => /(^|\.)runtime_checkable$/.test(qualifiedName(context.facts, decorator)) || refersTo(context.facts, decorator, 'typing_extensions.runtime'),
  );
}

/** A parameter of an enclosing function with the class's name holds something else. */
function isParameter(call: Node, name: string, context: RuleContext): boolean {
  for (let scope = call.parent; scope; scope = scope.parent) {
    if (scope.type === 'function_definition' || scope.type === 'lambda') {
      const names = parameterNames(scope.childForFieldName('parameters'), context.text);
      if (names.some((parameter) => parameter.replace(/^\*+/, '') === name)) return true;
    }
  }
  return false;
}

/**
 * `@runtime_checkable` spelled the way the module spells `Protocol`: `@typing.runtime_checkable`
 * for `typing.Protocol`, else the name from a `from … import`, added when missing.
 */
function decorate(className: string, base: string, context: RuleContext): FixSpec | undefined {
  const module = qualifiedName(context.facts, base).replace(/\.Protocol$/, '');
  const dot = base.lastIndexOf('.');
  if (dot !== -1) return { edits: [], decorateClass: { className, decorator: `${base.slice(0, dot)}.runtime_checkable` } };
  const imported = context.facts.imports.find((binding) => binding.module === module && binding.name === 'runtime_checkable');
  if (imported) return { edits: [], decorateClass: { className, decorator: imported.local } };
  // The name means something else here.
  if (context.facts.imports.some((binding) => binding.local === 'runtime_checkable')) return undefined;
  return { edits: [], decorateClass: { className, decorator: 'runtime_checkable' }, imports: [{ module, name: 'runtime_checkable' }] };
}

export default defineRule({
  meta: {
    code: 'PH209',
    name: 'protocol-isinstance-not-runtime-checkable',
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
    calls: { isinstance: check, issubclass: check },
    // The protocol is a class of the same file, so its base (or the import of an alias) names `Protocol`.
    sourceIncludes: 'Protocol',
  },
});
