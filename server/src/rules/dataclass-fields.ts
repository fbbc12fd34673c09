// What the dataclass rules (PH206, PH207) share: which assignments are fields of a
// `@dataclass`, where a field's default is written, which defaults build a mutable container,
// and how to spell `field(default_factory=…)` in the file's import style.

import type { Node } from 'web-tree-sitter';
import type { FixSafety, FixSpec, RuleContext } from '../engine/rule';
import { calleeOf, headOf, namedChildren } from '../engine/syntax';

export interface DataclassField {
  /** The field's name. */
  name: string;
  /** The class whose body holds the field. */
  owner: Node;
  /** The expression the field defaults to: the value itself, or the `default=` of a `field(...)` call. */
  value: Node;
  /** The `field(...)` call when the default is given through it. */
  fieldCall?: Node;
}

/**
 * The units that can hold a field: a class body's statement is a unit of its own, so a field is
 * a whole unit (`name: T = …`), or sits in a decorated class defined inside the unit (a dataclass
 * is one by its decorator). Functions that only assign are then not walked for their assignments.
 */
export const FIELD_UNIT = /^[\p{L}\p{N}_]+[ \t]*:|@[^]*\bclass\s/u;

/**
 * The field an annotated assignment declares, with its default, when it sits directly in the
 * body of a `@dataclass` class. `ClassVar` and `InitVar` annotations declare no field (or no
 * stored one), and assignments without an annotation are plain class attributes.
 */
export function dataclassField(assignment: Node, context: RuleContext): DataclassField | undefined {
  const left = assignment.childForFieldName('left');
  const annotation = assignment.childForFieldName('type');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || !annotation || !right) return undefined;
  const statement = assignment.parent;
  const block = statement?.type === 'expression_statement' ? statement.parent : null;
  const owner = block?.type === 'block' ? block.parent : null;
  if (owner?.type !== 'class_definition' || !context.semantic.classKind(owner).dataclass) return undefined;
  if (isPseudoField(annotation, context)) return undefined;
  const name = context.text(left);
  if (right.type !== 'call' || !context.semantic.matches(calleeOf(right), 'dataclasses.field')) return { name, owner, value: right };
  const value = keywordArgument(right, 'default', context)?.childForFieldName('value');
  return value ? { name, owner, value, fieldCall: right } : undefined;
}

/** `ClassVar[…]` and `InitVar[…]` declare no stored field; a string annotation is read for its name. */
function isPseudoField(annotation: Node, context: RuleContext): boolean {
  const head = headOf(annotation);
  if (head.type === 'string') return /^['"]*(\w+\.)*(ClassVar|InitVar)\b/.test(context.text(head));
  return context.semantic.matches(head, 'typing.ClassVar', 'typing_extensions.ClassVar', 'dataclasses.InitVar');
}

function keywordArgument(call: Node, name: string, context: RuleContext): Node | undefined {
  return namedChildren(call.childForFieldName('arguments')).find(
    (argument) => argument.type === 'keyword_argument' && context.text(argument.childForFieldName('name')!) === name,
  );
}

const MUTABLE_DISPLAYS = new Set(['list', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension']);
/** Subclasses of list, dict and set: every dataclass version rejects them as defaults. */
const REJECTED_CALLS = ['builtins.list', 'builtins.dict', 'builtins.set', 'collections.defaultdict', 'collections.OrderedDict', 'collections.Counter'];
/** Unhashable, but rejected only since Python 3.11, which tests hashability instead of the type. */
const UNHASHABLE_CALLS = ['builtins.bytearray', 'collections.deque'];

/**
 * How a default that builds a mutable container fares: `rejected` when `@dataclass` raises
 * ValueError for it on the target, `shared` when it is accepted and shared by every instance.
 */
export type MutableDefault = 'rejected' | 'shared';

export function mutableDefault(value: Node, context: RuleContext): MutableDefault | undefined {
  if (MUTABLE_DISPLAYS.has(value.type)) return 'rejected';
  if (value.type !== 'call') return undefined;
  const callee = calleeOf(value);
  if (context.semantic.matches(callee, ...REJECTED_CALLS)) return 'rejected';
  if (!context.semantic.matches(callee, ...UNHASHABLE_CALLS)) return undefined;
  const [major, minor] = context.facts.target;
  return major > 3 || (major === 3 && minor >= 11) ? 'rejected' : 'shared';
}

/**
 * The edits that make `field`'s default `default_factory=<factory>`: the `default=` argument
 * rewritten inside an existing `field(...)`, or the bare default wrapped in a new one. `field`
 * is spelled as the file imports it; none is offered when that name may mean something else.
 */
export function defaultFactoryFix(field: DataclassField, factory: string, context: RuleContext, safety?: FixSafety): FixSpec | undefined {
  if (field.fieldCall) {
    if (keywordArgument(field.fieldCall, 'default_factory', context)) return undefined;
    const argument = keywordArgument(field.fieldCall, 'default', context)!;
    return { edits: [{ start: argument.startIndex, end: argument.endIndex, text: `default_factory=${factory}` }], safety };
  }
  const spelling = fieldSpelling(field.owner, context);
  if (!spelling) return undefined;
  const edits = [{ start: field.value.startIndex, end: field.value.endIndex, text: `${spelling.name}(default_factory=${factory})` }];
  return spelling.imported ? { edits, safety } : { edits, imports: [{ module: 'dataclasses', name: 'field' }], safety };
}

/**
 * `field` as the file can call it where the class stands: an existing import of
 * `dataclasses.field` (under its local name, or through the module), else a bare `field` to
 * import when the name is free there.
 */
function fieldSpelling(owner: Node, context: RuleContext): { name: string; imported: boolean } | undefined {
  const existing = context.semantic.spell('dataclasses.field', owner);
  if (existing) return { name: existing, imported: true };
  return context.semantic.isFree('field', owner) ? { name: 'field', imported: false } : undefined;
}
