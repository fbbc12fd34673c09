// What the dataclass rules (PH206, PH207) share: which assignments are fields of a
// `@dataclass`, where a field's default is written, which defaults build a mutable container,
// and how to spell `field(default_factory=…)` in the file's import style.

import type { Node } from 'web-tree-sitter';
import { bindsName, qualifiedName, refersTo, type ModuleFacts } from '../engine/facts';
import type { FixSafety, FixSpec, RuleContext } from '../engine/rule';
import { calleeOf, decoratorsOf, definitionStatement, namedChildren } from '../engine/syntax';

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
  if (owner?.type !== 'class_definition' || !isDataclass(owner, context.facts, context.text)) return undefined;
  if (/^['"]*(\w+\.)*(ClassVar|InitVar)\b/.test(context.text(annotation))) return undefined;
  const name = context.text(left);
  if (right.type !== 'call' || !refersTo(context.facts, context.text(calleeOf(right)), 'dataclasses.field')) return { name, owner, value: right };
  const value = keywordArgument(right, 'default', context)?.childForFieldName('value');
  return value ? { name, owner, value, fieldCall: right } : undefined;
}

/** Pydantic's decorator runs the standard one, so its fields follow the same rules. */
const DATACLASS_DECORATORS = ['dataclasses.dataclass', 'pydantic.dataclasses.dataclass'];

/** Whether a class is decorated with `dataclasses.dataclass`, called or not, under any import name. */
function isDataclass(definition: Node, facts: ModuleFacts, text: (node: Node) => string): boolean {
  return decoratorsOf(definition).some((decorator) => isDataclassDecorator(facts, text(calleeOf(decorator))));
}

/** Whether a decorator as written (`dataclass`, `dc.dataclass(frozen=True)`) makes a dataclass. */
export function isDataclassDecorator(facts: ModuleFacts, decorator: string): boolean {
  const callee = decorator.split('(', 1)[0].trim();
  return DATACLASS_DECORATORS.some((qualified) => refersTo(facts, callee, qualified));
}

function keywordArgument(call: Node, name: string, context: RuleContext): Node | undefined {
  return namedChildren(call.childForFieldName('arguments')).find(
    (argument) => argument.type === 'keyword_argument' && context.text(argument.childForFieldName('name')!) === name,
  );
}

const MUTABLE_DISPLAYS = new Set(['list', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension']);
/** Subclasses of list, dict and set: every dataclass version rejects them as defaults. */
const REJECTED_CALLS = new Set(['list', 'dict', 'set', 'collections.defaultdict', 'collections.OrderedDict', 'collections.Counter']);
/** Unhashable, but rejected only since Python 3.11, which tests hashability instead of the type. */
const UNHASHABLE_CALLS = new Set(['bytearray', 'collections.deque']);

/**
 * How a default that builds a mutable container fares: `rejected` when `@dataclass` raises
 * ValueError for it on the target, `shared` when it is accepted and shared by every instance.
 */
export type MutableDefault = 'rejected' | 'shared';

export function mutableDefault(value: Node, context: RuleContext): MutableDefault | undefined {
  if (MUTABLE_DISPLAYS.has(value.type)) return 'rejected';
  if (value.type !== 'call') return undefined;
  const callee = builtinOrQualified(context.text(calleeOf(value)), context.facts);
  if (REJECTED_CALLS.has(callee)) return 'rejected';
  if (!UNHASHABLE_CALLS.has(callee)) return undefined;
  const [major, minor] = context.facts.target;
  return major > 3 || (major === 3 && minor >= 11) ? 'rejected' : 'shared';
}

/** `list` stays `list` unless an import rebinds it; other names resolve through the imports. */
function builtinOrQualified(callee: string, facts: ModuleFacts): string {
  const imported = facts.imports.some((binding) => binding.local === callee);
  return imported || callee.includes('.') ? qualifiedName(facts, callee) : callee;
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
 * `field` as the file can call it: an existing `from dataclasses import field` (under its local
 * name); `dataclasses.field` when the class's decorator goes through the module; else a bare
 * `field` to import, when no import, global, class or enclosing function uses that name.
 */
function fieldSpelling(owner: Node, context: RuleContext): { name: string; imported: boolean } | undefined {
  const { facts } = context;
  const imported = facts.imports.find((binding) => binding.module === 'dataclasses' && binding.name === 'field');
  if (imported) return { name: imported.local, imported: true };
  const module = facts.imports.find((binding) => binding.module === 'dataclasses' && binding.name === undefined)?.local;
  const viaModule = module !== undefined && decoratorsOf(owner).some((decorator) => context.text(calleeOf(decorator)) === `${module}.dataclass`);
  if (viaModule) return { name: `${module}.field`, imported: true };
  if (!fieldNameTaken(owner, context)) return { name: 'field', imported: false };
  return module !== undefined ? { name: `${module}.field`, imported: true } : undefined;
}

function fieldNameTaken(owner: Node, context: RuleContext): boolean {
  if (bindsName(context.facts, 'field')) return true;
  const statement = definitionStatement(owner);
  for (let node = statement.parent; node; node = node.parent) {
    if ((node.type === 'function_definition' || node.type === 'lambda') && /\bfield\b/.test(outside(node, statement, context))) return true;
  }
  return false;
}

/** The text of `node` without `inner`, which it contains. */
function outside(node: Node, inner: Node, context: RuleContext): string {
  const text = context.text(node);
  return text.slice(0, inner.startIndex - node.startIndex) + text.slice(inner.endIndex - node.startIndex);
}
