// `def first(xs: list[T]) -> T` → `def first[T](xs: list[T]) -> T`, and `class Box(Generic[T])` →
// `class Box[T]` (PEP 695, 3.12): the definition declares its type parameters where it is written,
// and `T = TypeVar("T")` goes away when nothing else in the module uses it (with the names it
// imported for it, when nothing else uses those).
//
// The definition's own signature decides which type variables become its parameters: a function's
// annotations, a class's `Generic[…]` or `Protocol[…]` (in that order), else its bases in order of
// appearance, as Python itself collects them. A bound or constraints keep their text
// (`TypeVar("T", bound=X)` → `T: X`, `TypeVar("T", A, B)` → `T: (A, B)`), `ParamSpec("P")` becomes
// `**P` and `TypeVarTuple("Ts")` `*Ts`. A default (`default=X`, PEP 696) would need 3.13 and
// `[T = X]`, which the grammar the engine parses with does not read yet (the edit would not
// parse): a type variable with one is left alone.
//
// Variance: a class's type parameters have their variance inferred from how the class uses them.
// A declared `covariant=True` or `contravariant=True` may differ from what inference finds (a
// covariant `T_co` kept in a mutable attribute is inferred invariant), which would change the type
// of every use of the class without a word, so classes with declared variance are left alone;
// `infer_variance=True` is exactly the new behaviour. A function's type variables have no variance
// that means anything, so there the keyword is dropped.
//
// Not offered when the new parameter would not be the same type variable to the code that uses
// it: a type variable defined anywhere but at module level, or under another name than its string
// (`T = TypeVar("U")`); one an enclosing class or function already binds (a method of a class
// generic over it); one named by the definition's decorators or by a function's defaults (those
// are evaluated outside the parameters' scope), by a class nested in a generic class (it would be
// bound twice), or in a string annotation, and any under `from __future__ import annotations`:
// `typing.get_type_hints` evaluates string annotations in the module's globals, where the new
// parameter does not live (before 3.14).

import type { Node } from 'web-tree-sitter';
import { defineRefactoring, type RefactoringContext } from '../engine/refactoring';
import type { TextEdit } from '../engine/rule';
import type { Binding } from '../engine/semantic/binding';
import { baseExpressions } from '../engine/semantic/class-uses';
import { decoratorsOf, headOf, lineBreakOf, lineStartOf, namedChildren, nextLineStart } from '../engine/syntax';

type VariableKind = 'TypeVar' | 'ParamSpec' | 'TypeVarTuple';

const VARIABLE_KINDS: Readonly<Record<string, VariableKind>> = {
  'typing.TypeVar': 'TypeVar',
  'typing_extensions.TypeVar': 'TypeVar',
  'typing.ParamSpec': 'ParamSpec',
  'typing_extensions.ParamSpec': 'ParamSpec',
  'typing.TypeVarTuple': 'TypeVarTuple',
  'typing_extensions.TypeVarTuple': 'TypeVarTuple',
};

/** A module-level `T = TypeVar("T", …)` that can become a type parameter. */
interface TypeVariable {
  name: string;
  statement: Node;
  call: Node;
  /** The PEP 695 parameter: `T`, `T: X`, `T: (A, B)`, `**P`, `*Ts`. */
  parameter: string;
  declaresVariance: boolean;
  /** The identifiers of its bound and constraints, which the new place must resolve alike. */
  names: Node[];
}

/** What a definition's signature says about its type variables. */
interface Signature {
  /** The identifiers of the signature that may name type variables, in order. */
  identifiers: Node[];
  /** A class's `Generic[…]` or `Protocol[…]` base, which lists its parameters. */
  listing?: { base: Node; kind: 'Generic' | 'Protocol'; items: Node[] };
}

export default defineRefactoring({
  id: 'type-parameter-syntax',
  minPython: [3, 12],
  nodeTypes: ['function_definition', 'class_definition'],
  offer(definition, context) {
    const name = definition.childForFieldName('name');
    const colon = definition.children.find((child) => child?.type === ':');
    const { start, end } = context.selection;
    // From the header: a cursor there, or a selection from there to within the definition.
    if (!name || !colon || definition.childForFieldName('type_parameters') || start < definition.startIndex || start > colon.endIndex || end > definition.endIndex) return undefined;
    if (context.semantic.facts.bindings.get('annotations')?.some((binding) => binding.qualified === '__future__.annotations')) return undefined;
    const signature = definition.type === 'class_definition' ? classSignature(definition, context) : functionSignature(definition);
    if (!signature) return undefined;
    const variables = signatureVariables(signature, definition, context);
    if (!variables || variables.length === 0 || !keepsMeaning(variables, definition, context)) return undefined;
    const edits = headerEdits(definition, name, signature, variables, context);
    if (!edits) return undefined;
    edits.push(...cleanupEdits(definition, signature, variables, context));
    return { title: 'Convert to type parameter syntax (PEP 695)', fix: { edits } };
  },
});

/** A function's annotations: its parameters' (not their defaults) and its return type's. */
function functionSignature(definition: Node): Signature {
  const annotations = namedChildren(definition.childForFieldName('parameters')).flatMap((parameter) => {
    const type = parameter.type === 'typed_parameter' || parameter.type === 'typed_default_parameter' ? parameter.childForFieldName('type') : null;
    return type ? [type] : [];
  });
  const returns = definition.childForFieldName('return_type');
  return { identifiers: [...annotations, ...(returns ? [returns] : [])].flatMap(nameIdentifiers) };
}

/** A class's bases, and the one of them (`Generic[…]`, or `Protocol[…]`) that lists its parameters. */
function classSignature(definition: Node, context: RefactoringContext): Signature | undefined {
  const bases = baseExpressions(definition);
  const listings = bases.flatMap((base) => {
    if (base.type !== 'subscript') return [];
    const value = base.childForFieldName('value')!;
    const kind = context.semantic.matches(value, 'typing.Generic', 'typing_extensions.Generic') ? 'Generic' : context.semantic.matches(value, 'typing.Protocol', 'typing_extensions.Protocol') ? 'Protocol' : undefined;
    return kind ? [{ base, kind, items: base.childrenForFieldName('subscript').filter((item): item is Node => item !== null) } as const] : [];
  });
  if (listings.length > 1) return undefined;
  const listing = listings[0];
  // The new syntax adds `Generic` after the bases: listed anywhere else, the class's MRO would change.
  if (listing && bases.at(-1)?.id !== listing.base.id) return undefined;
  return { identifiers: bases.flatMap(nameIdentifiers), listing };
}

/** The identifiers an expression reads as names: `T` and `P` of `Callable[P, T]` and `P.args`, not `args`. */
function nameIdentifiers(expression: Node): Node[] {
  const all = expression.type === 'identifier' ? [expression] : expression.descendantsOfType('identifier');
  const isField = (identifier: Node, type: string, field: string) => identifier.parent?.type === type && identifier.parent.childForFieldName(field)?.id === identifier.id;
  return all.filter((identifier): identifier is Node => identifier !== null && !isField(identifier, 'attribute', 'attribute') && !isField(identifier, 'keyword_argument', 'name'));
}

/**
 * The type variables the definition's signature uses, each once, in the order they become
 * parameters; nothing when one of them cannot become one.
 */
function signatureVariables(signature: Signature, definition: Node, context: RefactoringContext): TypeVariable[] | undefined {
  const { semantic } = context;
  const found = new Map<string, TypeVariable>();
  for (const identifier of signature.identifiers) {
    if (found.has(identifier.text)) continue;
    const binding = semantic.resolve(identifier);
    if (!binding) continue;
    if (binding.scope !== semantic.module) {
      // A type variable of a function or class scope is not the module's to move; an enclosing
      // definition's PEP 695 parameter stays that definition's.
      if (isTypeVariableCall(binding.value, context)) return undefined;
      continue;
    }
    const variable = moduleTypeVariable(binding, definition, context);
    if (variable === null) continue;
    if (!variable) return undefined;
    found.set(identifier.text, variable);
  }
  const listing = signature.listing;
  if (!listing) return [...found.values()];
  // `Generic[K, V]` says the order, and must name every type variable of the other bases.
  const listed: TypeVariable[] = [];
  for (const item of listing.items) {
    const inner = item.type === 'list_splat' ? item.firstNamedChild : item;
    const variable = inner?.type === 'identifier' ? found.get(inner.text) : undefined;
    if (!variable || listed.includes(variable) || (item.type === 'list_splat') !== /^\*\w/.test(variable.parameter)) return undefined;
    listed.push(variable);
  }
  return listed.length === found.size ? listed : undefined;
}

function isTypeVariableCall(value: Node | undefined, context: RefactoringContext): boolean {
  const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
  return callee !== null && context.semantic.qualifiedNames(callee).some((qualified) => qualified in VARIABLE_KINDS);
}

/** Modules whose names are no type variables, `typing.AnyStr` aside. */
const TYPING_MODULES = /^(typing|typing_extensions|collections|collections\.abc|types|builtins)\./;
/** Names other modules' type variables usually have (`T`, `KT`, `T_co`, `P`, `Ts`): one imported from elsewhere cannot be moved. */
const TYPE_VARIABLE_NAME = /^_?[A-Z][A-Za-z0-9]?(?:_co|_contra)?$|^_?[A-Z]\w*_(?:co|contra)$/;

/**
 * The module-level type variable a name binds: `null` when the name binds something else, and
 * `undefined` when it is a type variable that cannot become a parameter (or may be one: an
 * imported name that reads like one, `typing.AnyStr`).
 */
function moduleTypeVariable(binding: Binding, definition: Node, context: RefactoringContext): TypeVariable | null | undefined {
  const { semantic } = context;
  const all = semantic.facts.bindings.get(binding.name) ?? [];
  if (binding.kind === 'import' || binding.kind === 'from-import') {
    const qualified = binding.qualified ?? '';
    return qualified === 'typing.AnyStr' || qualified === 'typing_extensions.AnyStr' || (!TYPING_MODULES.test(qualified) && TYPE_VARIABLE_NAME.test(binding.name)) ? undefined : null;
  }
  const root = definition.tree.rootNode;
  const callee = all.find((each) => each.callee !== undefined)?.callee;
  const kind = callee !== undefined ? semantic.qualifiedNamesOf(callee, root).map((qualified) => VARIABLE_KINDS[qualified]).find((each) => each) : undefined;
  if (!kind) return null;
  if (all.length !== 1) return undefined;
  // Only a statement of its own at the top of the module, `T = TypeVar("T", …)`.
  for (const statement of root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== binding.name) continue;
    const call = assignment.childForFieldName('right');
    return call?.type === 'call' && !assignment.childForFieldName('type') ? typeVariable(binding.name, kind, statement!, call, context) : undefined;
  }
  return undefined;
}

/** The parameter a `TypeVar(…)`, `ParamSpec(…)` or `TypeVarTuple(…)` call declares, when its arguments say it plainly. */
function typeVariable(name: string, kind: VariableKind, statement: Node, call: Node, context: RefactoringContext): TypeVariable | undefined {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list' || argumentList.descendantsOfType('comment').length > 0) return undefined;
  const [first, ...rest] = namedChildren(argumentList);
  if (first?.type !== 'string' || !new RegExp(`^(['"])${name}\\1$`).test(first.text)) return undefined;
  const constraints: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const argument of rest) {
    if (argument.type === 'keyword_argument') keywords.set(argument.childForFieldName('name')!.text, argument.childForFieldName('value')!);
    else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat' || keywords.size > 0) return undefined;
    else constraints.push(argument);
  }
  const flag = (keyword: string): boolean | undefined => {
    const value = keywords.get(keyword);
    return value === undefined ? false : value.type === 'true' ? true : value.type === 'false' ? false : undefined;
  };
  const [covariant, contravariant, inferred] = [flag('covariant'), flag('contravariant'), flag('infer_variance')];
  const bound = keywords.get('bound');
  const known = ['bound', 'covariant', 'contravariant', 'infer_variance'];
  if ([...keywords.keys()].some((keyword) => !known.includes(keyword)) || covariant === undefined || contravariant === undefined || inferred === undefined) return undefined;
  if ((covariant && contravariant) || (inferred && (covariant || contravariant)) || bound?.type === 'none') return undefined;
  if (kind !== 'TypeVar' && (constraints.length > 0 || keywords.size > 0)) return undefined;
  if (constraints.length === 1 || (constraints.length > 0 && bound)) return undefined;
  const text = (node: Node) => context.text(node);
  const parameter =
    kind === 'ParamSpec'
      ? `**${name}`
      : kind === 'TypeVarTuple'
        ? `*${name}`
        : `${name}${bound ? `: ${text(bound)}` : constraints.length > 0 ? `: (${constraints.map(text).join(', ')})` : ''}`;
  const names = [bound, ...constraints].flatMap((node) => (node ? nameIdentifiers(node) : []));
  return { name, statement, call, parameter, declaresVariance: covariant || contravariant, names };
}

/** Whether the new parameters mean what the type variables meant, to every piece of code that names them. */
function keepsMeaning(variables: readonly TypeVariable[], definition: Node, context: RefactoringContext): boolean {
  const { semantic } = context;
  const isClass = definition.type === 'class_definition';
  if (isClass && variables.some((variable) => variable.declaresVariance)) return false;
  const names = new Set(variables.map((variable) => variable.name));
  // A bound is evaluated where the definition stands: its names must mean the same there, and not be one of the new parameters.
  const at = definition.childForFieldName('name')!;
  for (const identifier of variables.flatMap((variable) => variable.names)) {
    if (names.has(identifier.text) || semantic.lookup(identifier.text, at) !== semantic.resolve(identifier)) return false;
  }
  const namesVariable = (node: Node) => nameIdentifiers(node).some((identifier) => names.has(identifier.text) && semantic.resolve(identifier)?.scope === semantic.module);
  if (decoratorsOf(definition).some(namesVariable)) return false;
  if (!isClass) {
    for (const parameter of namedChildren(definition.childForFieldName('parameters'))) {
      const value = parameter.childForFieldName('value');
      if (value && namesVariable(value)) return false;
    }
  }
  // An enclosing class or function that uses one binds it already (`T` in a method of a `Generic[T]` class).
  for (let enclosing = definition.parent; enclosing; enclosing = enclosing.parent) {
    if (enclosing.type !== 'class_definition' && enclosing.type !== 'function_definition') continue;
    const outer = enclosing.type === 'class_definition' ? classSignature(enclosing, context) : functionSignature(enclosing);
    if (!outer || outer.identifiers.some((identifier) => names.has(identifier.text) && semantic.resolve(identifier)?.scope === semantic.module)) return false;
  }
  const body = definition.childForFieldName('body');
  if (isClass && body?.descendantsOfType('class_definition').some((nested) => nested !== null && namesVariable(nested))) return false;
  // String annotations are evaluated later, in the module's globals.
  const word = new RegExp(`\\b(?:${[...names].join('|')})\\b`);
  return !definition.descendantsOfType('type').some((annotation) => annotation?.descendantsOfType('string').some((string) => string !== null && word.test(string.text)));
}

/** `[T, U]` after the name, and the class's `Generic[…]` base dropped (or `Protocol[…]` written `Protocol`). */
function headerEdits(definition: Node, name: Node, signature: Signature, variables: readonly TypeVariable[], context: RefactoringContext): TextEdit[] | undefined {
  const parameters = `[${variables.map((variable) => variable.parameter).join(', ')}]`;
  const listing = signature.listing;
  if (!listing) return [{ start: name.endIndex, end: name.endIndex, text: parameters }];
  const superclasses = definition.childForFieldName('superclasses')!;
  if (superclasses.descendantsOfType('comment').length > 0) return undefined;
  const base = listing.base;
  if (listing.kind === 'Protocol') {
    const value = base.childForFieldName('value')!;
    return [
      { start: name.endIndex, end: name.endIndex, text: parameters },
      { start: base.startIndex, end: base.endIndex, text: context.text(value) },
    ];
  }
  const items = namedChildren(superclasses);
  if (items.length === 1) return [{ start: name.endIndex, end: superclasses.endIndex, text: parameters }];
  const index = items.findIndex((item) => item.id === base.id);
  const removal = index === 0 ? { start: base.startIndex, end: items[1].startIndex, text: '' } : { start: items[index - 1].endIndex, end: base.endIndex, text: '' };
  return [{ start: name.endIndex, end: name.endIndex, text: parameters }, removal];
}

/**
 * The `T = TypeVar("T")` statements nothing else uses any more, and the names imported for them
 * (`TypeVar`, `Generic`) that nothing else uses: removed with the blank lines that would double up.
 * A statement with a comment on it stays, and so does a name `__all__` exports.
 */
function cleanupEdits(definition: Node, signature: Signature, variables: readonly TypeVariable[], context: RefactoringContext): TextEdit[] {
  const { semantic, source } = context;
  const root = definition.tree.rootNode;
  const removedGeneric = signature.listing?.kind === 'Generic' ? signature.listing.base : undefined;
  const within = (node: Node, ranges: readonly Node[]) => ranges.some((range) => node.startIndex >= range.startIndex && node.endIndex <= range.endIndex);
  const statements: Node[] = [];
  for (const variable of variables) {
    const elsewhere = semantic.moduleReferences(root, variable.name).filter((reference) => !within(reference, [variable.statement, definition]));
    if (elsewhere.length === 0 && !exported(root, variable.name) && !hasComment(variable.statement, source)) statements.push(variable.statement);
  }
  // The names the removed code imported: `TypeVar` of the removed calls, `Generic` of the removed base.
  const removed = [...statements, ...(removedGeneric ? [removedGeneric] : [])];
  const importedFor = new Set<string>();
  for (const statement of statements) {
    const callee = headOf(statement.firstNamedChild!.childForFieldName('right')!);
    if (callee.type === 'identifier') importedFor.add(callee.text);
  }
  const genericName = removedGeneric && headOf(removedGeneric);
  if (genericName?.type === 'identifier') importedFor.add(genericName.text);
  const unusedImports = new Map<Node, Node[]>();
  for (const imported of importedFor) {
    const bindings = semantic.facts.bindings.get(imported) ?? [];
    if (bindings.length !== 1 || bindings[0].kind !== 'from-import' || exported(root, imported)) continue;
    const statement = root.namedChildren.find((each) => each?.type === 'import_from_statement' && importedNames(each).some((name) => localName(name) === imported));
    if (!statement || statement.descendantsOfType('comment').length > 0 || hasComment(statement, source)) continue;
    const uses = semantic.moduleReferences(root, imported).filter((reference) => !within(reference, [statement, ...removed]));
    if (uses.length > 0) continue;
    const names = unusedImports.get(statement) ?? [];
    names.push(importedNames(statement).find((name) => localName(name) === imported)!);
    unusedImports.set(statement, names);
  }
  const edits: TextEdit[] = [];
  for (const [statement, names] of unusedImports) {
    if (names.length === importedNames(statement).length) statements.push(statement);
    else edits.push(...nameRemovals(importedNames(statement), names));
  }
  return [...edits, ...statementRemovals(statements, source)];
}

function importedNames(statement: Node): Node[] {
  return statement.childrenForFieldName('name').filter((name): name is Node => name !== null);
}

/** The name an imported name binds: `TV` of `TypeVar as TV`. */
function localName(name: Node): string {
  return (name.type === 'aliased_import' ? name.childForFieldName('alias')! : name).text;
}

/** Whether the module's `__all__` lists the name. */
function exported(root: Node, name: string): boolean {
  const quoted = new RegExp(`(['"])${name}\\1`);
  return root.namedChildren.some((statement) => statement !== null && /^__all__\b/.test(statement.text) && quoted.test(statement.text));
}

/** Whether a comment shares a line with the statement (on it, or after it). */
function hasComment(statement: Node, source: string): boolean {
  if (statement.descendantsOfType('comment').length > 0) return true;
  const rest = source.slice(statement.endIndex, nextLineStart(source, statement.endIndex));
  return !/^[ \t]*(\r\n|\n|\r)?$/.test(rest) || !/^[ \t]*$/.test(source.slice(lineStartOf(source, statement.startIndex), statement.startIndex));
}

/** Edits that drop some names of an import's list, each with the comma that separates it. */
function nameRemovals(all: readonly Node[], dropped: readonly Node[]): TextEdit[] {
  const drops = new Set(dropped.map((name) => name.id));
  const edits: TextEdit[] = [];
  for (let index = 0; index < all.length; ) {
    if (!drops.has(all[index].id)) {
      index++;
      continue;
    }
    let last = index;
    while (last + 1 < all.length && drops.has(all[last + 1].id)) last++;
    // A run before a kept name goes up to that name; a run at the end goes from the kept name before it.
    edits.push(last + 1 < all.length ? { start: all[index].startIndex, end: all[last + 1].startIndex, text: '' } : { start: all[index - 1].endIndex, end: all[last].endIndex, text: '' });
    index = last + 1;
  }
  return edits;
}

/**
 * Edits that delete whole top-level statements, lines and all. Blank lines around them are
 * tidied: where removed statements and the blank lines between them make one stretch, as many
 * blank lines stay as its largest gap had (none at the top of the file).
 */
function statementRemovals(statements: readonly Node[], source: string): TextEdit[] {
  if (statements.length === 0) return [];
  const lines: { start: number; end: number }[] = [];
  for (let start = 0; start < source.length; ) {
    const end = nextLineStart(source, start);
    lines.push({ start, end });
    start = end;
  }
  const lineOf = (offset: number) => lines.findIndex((line) => offset >= line.start && offset < line.end);
  const removed = new Set<number>();
  for (const statement of statements) for (let line = lineOf(statement.startIndex); line <= lineOf(Math.max(statement.startIndex, statement.endIndex - 1)); line++) removed.add(line);
  const blank = (line: number) => /^[ \t]*(\r\n|\n|\r)?$/.test(source.slice(lines[line].start, lines[line].end));
  const lineBreak = lineBreakOf(source);
  const edits: TextEdit[] = [];
  const done = new Set<number>();
  for (const line of [...removed].sort((a, b) => a - b)) {
    if (done.has(line)) continue;
    let first = line;
    while (first > 0 && (removed.has(first - 1) || blank(first - 1))) first--;
    let last = line;
    while (last + 1 < lines.length && (removed.has(last + 1) || blank(last + 1))) last++;
    let gap = 0;
    let widest = 0;
    for (let each = first; each <= last; each++) {
      done.add(each);
      gap = removed.has(each) ? 0 : gap + 1;
      widest = Math.max(widest, gap);
    }
    const keep = first === 0 || last === lines.length - 1 ? 0 : widest;
    edits.push({ start: lines[first].start, end: lines[last].end, text: lineBreak.repeat(keep) });
  }
  return edits;
}
