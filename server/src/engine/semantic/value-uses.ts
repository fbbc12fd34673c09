// How a parameter or local variable is used in its function: read only, changed in place,
// rebound, copied, stored where it outlives the call, returned or yielded, passed to other calls.
// Rules ask this to tell a default that is only read from one whose sharing can be observed.

import type { Node } from 'web-tree-sitter';
import { bodyStatements } from '../syntax';
import type { Binding } from './binding';
import { localScope } from './local-scopes';
import type { SemanticModel } from './model';

export interface ValueUses {
  /** Every reference to the variable (any of its bindings in the scope), in document order. */
  references: Node[];
  /** `x.append(…)`, `x[k] = v`, `x.attr = v`, `del x[k]`, `x += …`: the object itself changes. */
  mutated: Node[];
  /** The variable's other bindings in the scope (`x = …` after the parameter), binding nodes. */
  rebound: Node[];
  /** `list(x)`, `dict(x)`, `x.copy()`, `x[:]`, `copy.copy(x)`: a new object is made from it. */
  copied: Node[];
  /** `self.attr = x`, `registry.append(x)`, `d[k] = x`, a global set to it: it outlives the call. */
  stored: Node[];
  /** `return x`, `yield x`, also inside a returned tuple, list or dict. */
  returned: Node[];
  /** Passed to a call that may keep or change it: `process(x)`. */
  passed: Node[];
  /** Everything else: attribute reads, iteration, comparisons, read-only builtins. */
  read: Node[];
}

/** Methods that change a list, dict, set, deque or bytearray in place. */
const MUTATING_METHODS = new Set([
  'append', 'extend', 'insert', 'remove', 'pop', 'clear', 'sort', 'reverse', 'update', 'setdefault', 'popitem', 'add', 'discard',
  'intersection_update', 'difference_update', 'symmetric_difference_update', 'appendleft', 'extendleft', 'popleft', 'rotate',
  '__setitem__', '__delitem__', '__iadd__', 'move_to_end',
]);
/** Methods that keep their argument in the receiver, whatever the receiver is (`add`, `put` … are too common elsewhere). */
const STORING_METHODS = new Set(['append', 'appendleft', 'setdefault', 'insert']);
const COPYING_CALLS = new Set(['builtins.list', 'builtins.dict', 'builtins.set', 'builtins.tuple', 'builtins.frozenset', 'builtins.sorted', 'builtins.bytearray', 'builtins.bytes', 'copy.copy', 'copy.deepcopy', 'collections.OrderedDict', 'collections.deque', 'collections.Counter']);
/** Builtins that look at their argument and keep nothing of it. */
const READING_CALLS = new Set(
  ['len', 'isinstance', 'issubclass', 'any', 'all', 'sum', 'min', 'max', 'iter', 'enumerate', 'zip', 'map', 'filter', 'reversed', 'repr', 'str', 'print', 'bool', 'hash', 'id', 'type', 'hasattr', 'getattr', 'callable', 'format', 'ascii', 'next', 'range', 'int', 'float', 'abs', 'round', 'divmod', 'ord', 'chr'].map((name) => `builtins.${name}`),
);
/** Expressions that build a bigger value out of their parts: a part goes wherever the whole goes. */
const CONTAINERS = new Set(['tuple', 'list', 'set', 'dictionary', 'pair', 'expression_list', 'parenthesized_expression', 'conditional_expression', 'boolean_operator']);

/** The uses of the variable a binding belongs to, in the scope that binds it (nested functions included). */
export function valueUses(model: SemanticModel, binding: Binding, depth = 0): ValueUses {
  const uses: ValueUses = { references: [], mutated: [], rebound: [], copied: [], stored: [], returned: [], passed: [], read: [] };
  const scopeNode = binding.scope.node;
  if (!scopeNode || !binding.node) return uses;
  const scope = localScope(scopeNode);
  const variable = scope.bindings.get(binding.name) ?? [binding];
  const bindingIds = new Set(variable.map((each) => each.node?.id));
  for (const other of variable) {
    if (!other.node || other.node.id === binding.node.id) continue;
    // `x += …` changes a list or dict in place (and rebinds the name to the same object).
    (other.kind === 'augmented-assignment' ? uses.mutated : uses.rebound).push(other.node);
  }
  for (const identifier of occurrences(scopeNode, binding.name)) {
    if (bindingIds.has(identifier.id)) continue;
    const resolved = model.resolve(identifier);
    if (!resolved?.node || !bindingIds.has(resolved.node.id)) continue;
    uses.references.push(identifier);
    classify(model, identifier, uses, depth);
  }
  return uses;
}

/**
 * The uses of an instance attribute across the methods of a class: `self.items.append(…)` in
 * any method (where `self` is the method's first parameter) is a mutation of what `items` holds.
 */
export function attributeUses(model: SemanticModel, classNode: Node, attribute: string): ValueUses {
  const uses: ValueUses = { references: [], mutated: [], rebound: [], copied: [], stored: [], returned: [], passed: [], read: [] };
  for (const statement of bodyStatements(classNode)) {
    const method = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (method?.type !== 'function_definition') continue;
    const self = method.childForFieldName('parameters')?.firstNamedChild;
    if (self?.type !== 'identifier' || !method.text.includes(attribute)) continue;
    for (const identifier of occurrences(method, self.text)) {
      const access = identifier.parent;
      if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== identifier.id || access.childForFieldName('attribute')?.text !== attribute) continue;
      if (access.parent?.type === 'augmented_assignment' && access.parent.childForFieldName('left')?.id === access.id) {
        uses.mutated.push(access);
        continue;
      }
      if (isTarget(access)) {
        uses.rebound.push(access);
        continue;
      }
      uses.references.push(access);
      classify(model, access, uses, 0);
    }
  }
  return uses;
}

/** The identifiers spelled `name` in a node, found through the text (far fewer nodes than every identifier). */
function occurrences(scopeNode: Node, name: string): Node[] {
  const text = scopeNode.text;
  const pattern = new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g');
  const found: Node[] = [];
  for (const match of text.matchAll(pattern)) {
    const start = scopeNode.startIndex + match.index;
    const node = scopeNode.descendantForIndex(start, start + name.length);
    if (node?.type === 'identifier' && node.startIndex === start) found.push(node);
  }
  return found;
}

/** Files a reference (a variable, or `self.attribute`) under the use its context makes of the value. */
function classify(model: SemanticModel, reference: Node, uses: ValueUses, depth: number): void {
  const parent = reference.parent;
  if (!parent) return;
  const isField = (field: string) => parent.childForFieldName(field)?.id === reference.id;
  switch (parent.type) {
    case 'attribute': {
      if (!isField('object')) return void uses.read.push(reference);
      const grand = parent.parent;
      if (grand?.type === 'call' && grand.childForFieldName('function')?.id === parent.id) {
        const method = parent.childForFieldName('attribute')?.text ?? '';
        if (MUTATING_METHODS.has(method)) uses.mutated.push(reference);
        else if (method === 'copy') uses.copied.push(reference);
        else uses.read.push(reference);
        return;
      }
      return void (isTarget(parent) ? uses.mutated : uses.read).push(reference);
    }
    case 'subscript': {
      if (!isField('value')) return void uses.read.push(reference);
      if (isTarget(parent)) return void uses.mutated.push(reference);
      const slice = parent.childForFieldName('subscript');
      return void (slice?.type === 'slice' && slice.namedChildCount === 0 ? uses.copied : uses.read).push(reference);
    }
    case 'augmented_assignment':
      return void (isField('left') ? uses.mutated : uses.read).push(reference);
    default:
      return consumer(model, reference, uses, depth);
  }
}

/** Where the value goes when the reference is used whole (possibly as part of a tuple, list or dict). */
function consumer(model: SemanticModel, reference: Node, uses: ValueUses, depth: number): void {
  let value = reference;
  while (value.parent && CONTAINERS.has(value.parent.type) && !(value.parent.type === 'conditional_expression' && value.parent.namedChildren[1]?.id === value.id)) value = value.parent;
  const parent = value.parent;
  if (!parent) return void uses.read.push(reference);
  switch (parent.type) {
    case 'return_statement':
    case 'yield':
      return void uses.returned.push(reference);
    case 'assignment': {
      if (parent.childForFieldName('right')?.id !== value.id) return void uses.read.push(reference);
      const left = parent.childForFieldName('left');
      if (left?.type === 'attribute' || left?.type === 'subscript') return void uses.stored.push(reference);
      if (left?.type === 'identifier' && depth < 2) {
        // `y = x`: what happens to `y` happens to the same object.
        const alias = model.resolve(left);
        if (alias?.node?.id === left.id && alias.scope.node) {
          if (alias.scope.globals.has(left.text) || alias.scope.kind === 'module') return void uses.stored.push(reference);
          const aliasUses = valueUses(model, alias, depth + 1);
          if (aliasUses.mutated.length > 0) uses.mutated.push(reference);
          if (aliasUses.returned.length > 0) uses.returned.push(reference);
          if (aliasUses.stored.length > 0) uses.stored.push(reference);
          if (aliasUses.passed.length > 0) uses.passed.push(reference);
          return;
        }
        if (!alias?.scope.node) return void uses.stored.push(reference);
      }
      return void uses.read.push(reference);
    }
    case 'argument_list':
    case 'keyword_argument': {
      const argumentList = parent.type === 'keyword_argument' ? parent.parent : parent;
      const call = argumentList?.parent;
      const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
      if (!callee) return void uses.read.push(reference);
      if (callee.type === 'attribute' && STORING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return void uses.stored.push(reference);
      const qualified = model.qualifiedName(callee);
      if (qualified && COPYING_CALLS.has(qualified)) return void uses.copied.push(reference);
      if (qualified && READING_CALLS.has(qualified)) return void uses.read.push(reference);
      return void uses.passed.push(reference);
    }
    default:
      return void uses.read.push(reference);
  }
}

/** Whether an attribute or subscript is assigned to or deleted: `x.a = 1`, `x[k] += 1`, `del x[k]`. */
function isTarget(node: Node): boolean {
  let target = node;
  while (target.parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list'].includes(target.parent.type)) target = target.parent;
  const parent = target.parent;
  if (!parent) return false;
  if (parent.type === 'assignment' || parent.type === 'augmented_assignment') return parent.childForFieldName('left')?.id === target.id;
  if (parent.type === 'for_statement' || parent.type === 'for_in_clause') return parent.childForFieldName('left')?.id === target.id;
  return parent.type === 'delete_statement';
}
