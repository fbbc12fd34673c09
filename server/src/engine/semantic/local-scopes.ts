// The scopes of functions, lambdas, classes and comprehensions: which names each binds, built from
// the scope's own nodes the first time a rule asks, and kept per tree (a tree is one document
// version, so an edit starts afresh).

import type { Node, Tree } from 'web-tree-sitter';
import { assignmentNames, importNames, parameterNames, patternCaptures, targetIdentifiers, typeParameterNames, type Binding, type BoundName, type Scope, type ScopeKind } from './binding';
import { bodyStatements } from '../syntax';
import { exceptAliases, statementBindings, withTargets } from './module-bindings';

export const COMPREHENSIONS: ReadonlySet<string> = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const DEFINITIONS = new Set(['function_definition', 'class_definition']);

/**
 * Node types that bind names in the scope they appear in (or open a nested scope), each with text
 * that every node of the type contains (an assignment has `=` or, annotated only, `:`: it is asked
 * for when either is there). A scope's walk asks only for the types its text may hold, since every
 * type asked for costs the walk a pass over the grammar's types.
 */
const WALKED: readonly (readonly [type: string, text: string])[] = [
  ['assignment', '='],
  ['assignment', ':'],
  ['augmented_assignment', '='],
  ['named_expression', ':='],
  ['for_statement', 'for'],
  ['with_statement', 'with'],
  ['except_clause', 'except'],
  ['except_group_clause', 'except'],
  ['import_statement', 'import'],
  ['import_from_statement', 'import'],
  ['global_statement', 'global'],
  ['nonlocal_statement', 'nonlocal'],
  ['delete_statement', 'del'],
  ['case_clause', 'case'],
  ['type_alias_statement', 'type'],
  ['function_definition', 'def'],
  ['class_definition', 'class'],
  ['lambda', 'lambda'],
  ...[...COMPREHENSIONS].map((type) => [type, 'for'] as const),
];
const WALKED_TYPES: ReadonlySet<string> = new Set(WALKED.map(([type]) => type));

export function scopeKindOf(node: Node): ScopeKind | undefined {
  // Each read of a node's type is a call into wasm.
  return scopeKindOfType(node.type);
}

function scopeKindOfType(type: string): ScopeKind | undefined {
  if (type === 'function_definition') return 'function';
  if (type === 'class_definition') return 'class';
  if (type === 'lambda') return 'lambda';
  return COMPREHENSIONS.has(type) ? 'comprehension' : undefined;
}

const scopesByTree = new WeakMap<Tree, Map<number, Scope>>();

/** The scope a function, lambda, class or comprehension opens. */
export function localScope(node: Node): Scope {
  let scopes = scopesByTree.get(node.tree);
  if (!scopes) scopesByTree.set(node.tree, (scopes = new Map()));
  let scope = scopes.get(node.id);
  if (!scope) scopes.set(node.id, (scope = buildScope(node)));
  return scope;
}

function buildScope(node: Node): Scope {
  const kind = scopeKindOf(node)!;
  const bindings = new Map<string, Binding[]>();
  const globals = new Set<string>();
  const nonlocals = new Set<string>();
  const typeParameters = new Map<string, Binding>();
  const scope: Scope = { kind, node, bindings, globals, nonlocals, typeParameters };
  const add = (bound: BoundName) => {
    const binding: Binding = { ...bound, scope, valueType: bound.value?.type };
    const list = bindings.get(bound.name);
    if (list) list.push(binding);
    else bindings.set(bound.name, [binding]);
  };

  for (const parameter of typeParameterNames(node.childForFieldName('type_parameters'))) typeParameters.set(parameter.name, { ...parameter, scope });
  if (kind === 'comprehension') {
    for (const clause of node.namedChildren) {
      if (clause?.type === 'for_in_clause') for (const target of targetIdentifiers(clause.childForFieldName('left'))) add({ name: target.text, kind: 'for', node: target, effective: 0 });
    }
    return scope;
  }
  if (kind === 'function' || kind === 'lambda') for (const parameter of parameterNames(node.childForFieldName('parameters'))) add(parameter);
  // A class body binds by its statements (methods, attributes, imports): read statement by statement,
  // like the module, since a big class is asked on every keystroke inside it and walking it costs.
  if (kind === 'class') statementBindings(bodyStatements(node), (bound) => add(bound));
  else {
    const region = node.childForFieldName('body');
    if (region) walkRegion(region, add, globals, nonlocals);
  }
  return scope;
}

/**
 * The bindings of a scope's body, in document order, leaving out nested functions, lambdas and
 * classes (only their names bind here) and comprehensions (whose walrus targets do bind here).
 */
function walkRegion(region: Node, add: (bound: BoundName) => void, globals: Set<string>, nonlocals: Set<string>): void {
  if (WALKED_TYPES.has(region.type)) visitConstruct(region, add, globals, nonlocals);
  const text = region.text;
  const types = [...new Set(WALKED.filter(([, marker]) => text.includes(marker)).map(([type]) => type))];
  if (types.length === 0) return;
  let skipEnd = -1;
  let comprehensionEnd = -1;
  for (const node of region.descendantsOfType(types)) {
    if (!node || node.id === region.id || node.startIndex < skipEnd) continue;
    const type = node.type;
    if (DEFINITIONS.has(type) || type === 'lambda') {
      if (type !== 'lambda' && node.startIndex >= comprehensionEnd) visitConstruct(node, add, globals, nonlocals);
      skipEnd = node.endIndex;
      continue;
    }
    if (COMPREHENSIONS.has(type)) {
      comprehensionEnd = Math.max(comprehensionEnd, node.endIndex);
      continue;
    }
    // A walrus in a comprehension binds in the scope around it (PEP 572); nothing else there does.
    if (node.startIndex < comprehensionEnd && type !== 'named_expression') continue;
    visitConstruct(node, add, globals, nonlocals);
  }
}

function visitConstruct(node: Node, add: (bound: BoundName) => void, globals: Set<string>, nonlocals: Set<string>): void {
  switch (node.type) {
    case 'assignment':
      for (const bound of assignmentNames(node)) add(bound);
      return;
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') add({ name: left.text, kind: 'augmented-assignment', node: left, effective: node.endIndex });
      return;
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      if (name) add({ name: name.text, kind: 'walrus', node: name, value: node.childForFieldName('value') ?? undefined, effective: node.endIndex });
      return;
    }
    case 'for_statement': {
      // The iterable is evaluated before the target is bound.
      const effective = node.childForFieldName('right')?.endIndex ?? node.startIndex;
      for (const target of targetIdentifiers(node.childForFieldName('left'))) add({ name: target.text, kind: 'for', node: target, effective });
      return;
    }
    case 'with_statement':
      for (const target of withTargets(node)) add({ name: target.text, kind: 'with', node: target, effective: target.endIndex });
      return;
    case 'except_clause':
    case 'except_group_clause':
      for (const alias of exceptAliases(node)) add({ name: alias.text, kind: 'except', node: alias, effective: alias.endIndex });
      return;
    case 'import_statement':
    case 'import_from_statement':
      for (const bound of importNames(node)) add(bound);
      return;
    case 'global_statement':
    case 'nonlocal_statement':
      for (const name of node.namedChildren) if (name?.type === 'identifier') (node.type === 'global_statement' ? globals : nonlocals).add(name.text);
      return;
    case 'delete_statement':
      for (const target of node.namedChildren.flatMap((child) => targetIdentifiers(child))) add({ name: target.text, kind: 'deletion', node: target, effective: node.endIndex });
      return;
    case 'case_clause':
      for (const pattern of node.namedChildren) {
        if (pattern?.type === 'case_pattern') for (const capture of patternCaptures(pattern)) add({ name: capture.text, kind: 'match', node: capture, effective: pattern.endIndex });
      }
      return;
    case 'type_alias_statement': {
      const name = node.childForFieldName('left')?.descendantsOfType('identifier')[0];
      if (name) add({ name: name.text, kind: 'type-alias', node: name, effective: node.endIndex });
      return;
    }
    case 'function_definition':
    case 'class_definition': {
      const name = node.childForFieldName('name');
      if (name) add({ name: name.text, kind: node.type === 'class_definition' ? 'class' : 'function', node: name, effective: node.endIndex });
      return;
    }
  }
}

const typeParametersByTree = new WeakMap<Tree, Map<number, boolean>>();

/**
 * Whether a class declares type parameters (`class Box[T]:`, PEP 695): all its scope offers the
 * functions inside it, which lookups from them ask without building the scope.
 */
export function hasTypeParameters(scopeNode: Node): boolean {
  let answers = typeParametersByTree.get(scopeNode.tree);
  if (!answers) typeParametersByTree.set(scopeNode.tree, (answers = new Map()));
  let answer = answers.get(scopeNode.id);
  if (answer === undefined) answers.set(scopeNode.id, (answer = scopeNode.childForFieldName('type_parameters') !== null));
  return answer;
}

const bindingPatterns = new Map<string, RegExp>();
/** Per tree and scope node, the names `mayBindName` answered for: a function is asked of the same names again and again. */
const mayBindByTree = new WeakMap<Tree, Map<number, Map<string, boolean>>>();

/**
 * Whether the text of a scope may bind `name`: somewhere it stands where a binding puts it — after
 * `def`, `class`, `as`, `import`, `global`, `nonlocal`, `del`, `case`, `type` or a star; later in
 * the list of an `import`, `global`, `nonlocal` or `del`; or before `=`, `:`, `,`, `)`, `]`, `}`,
 * `in` or `if` (targets, parameters, captures), past spaces, line continuations and comments. A
 * cheap test before building the scope: when it says no, no binding of the name is there. A name
 * only passed to a call (`f(name)`) is not taken for one.
 */
export function mayBindName(scopeNode: Node, name: string): boolean {
  let byScope = mayBindByTree.get(scopeNode.tree);
  if (!byScope) mayBindByTree.set(scopeNode.tree, (byScope = new Map()));
  let answers = byScope.get(scopeNode.id);
  if (!answers) byScope.set(scopeNode.id, (answers = new Map()));
  let answer = answers.get(name);
  if (answer === undefined) {
    let pattern = bindingPatterns.get(name);
    if (!pattern) {
      const word = name.replace(/[^\w]/g, '');
      const gap = String.raw`(?:\s|\\)`;
      pattern = new RegExp(
        [
          String.raw`(?:\b(?:def|class|as|import|global|nonlocal|del|case|type)${gap}+|\*${gap}*)${word}\b`,
          String.raw`\b(?:import|global|nonlocal|del)\b(?:[^\r\n;#]|\\\r?\n|\\\r)*?,${gap}*${word}\b`,
          String.raw`\b${word}(?:\s|\\|#[^\r\n]*)*(?:[:,)\]}]|=(?!=)|[-+*/%&|^@<>]{1,2}=|\b(?:in|if)\b)`,
        ].join('|'),
      );
      bindingPatterns.set(name, pattern);
    }
    answers.set(name, (answer = pattern.test(scopeNode.text)));
  }
  return answer;
}

/**
 * The scope nodes a reference at `node` looks through, innermost first: a function's body is its
 * scope, but its defaults, annotations and decorators are evaluated outside it; a comprehension's
 * first iterable is evaluated outside it too.
 */
export function enclosingScopeNodes(node: Node): Node[] {
  let above = scopesAboveBlocks.get(node.tree);
  if (!above) scopesAboveBlocks.set(node.tree, (above = new Map()));
  const scopes: Node[] = [];
  /** The blocks passed on the way up, with how many scopes had been found below each. */
  const passed: { id: number; below: number }[] = [];
  let known: readonly Node[] | undefined;
  let child = node;
  // Each node's type is read once, as the parent; it is the child's on the next step up.
  let childType = node.type;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (childType === 'block') {
      known = above.get(child.id);
      if (known) break;
      passed.push({ id: child.id, below: scopes.length });
    }
    childType = parent.type;
    const kind = scopeKindOfType(childType);
    if (!kind) continue;
    if (kind === 'comprehension') {
      const first = parent.namedChildren.find((clause) => clause?.type === 'for_in_clause');
      const iterable = first?.childForFieldName('right');
      if (!(iterable && node.startIndex >= iterable.startIndex && node.endIndex <= iterable.endIndex)) scopes.push(parent);
      continue;
    }
    const body = parent.childForFieldName('body');
    if (body && child.id === body.id) scopes.push(parent);
  }
  if (known) scopes.push(...known);
  for (const { id, below } of passed) above.set(id, scopes.slice(below));
  return scopes;
}

/**
 * Per tree, the scope nodes above each block already passed: the same for everything in the block
 * (no comprehension or lambda holds a block), and each step up is a walk down from the root in wasm.
 */
const scopesAboveBlocks = new WeakMap<Tree, Map<number, readonly Node[]>>();
