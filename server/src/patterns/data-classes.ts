// Data classes: `@dataclass` with the options written on it, `field()` for one field's default and
// role, and `__post_init__`. Options that need a newer Python than the target say so.

import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { definePattern, type PatternContext } from '../engine/pattern';
import { versionText } from '../engine/pattern-docs';
import type { PythonVersion } from '../engine/rule';
import { calleeOf, enclosingClass, namedChildren } from '../engine/syntax';
import { callOf, decoratedBy, decoratorStandingFor, keywordArguments, listed, methodNamed, nameOf } from './anchors';
import { annotatedFields, isDataclass } from './class-bodies';

/** What an option written with a literal value does; `minPython` when it came after 3.7. */
interface OptionEffect {
  /** The value it is explained for: options are mostly turned on (`True`), some off. */
  value: 'True' | 'False';
  text: string;
  minPython?: PythonVersion;
}

const DATACLASS_OPTIONS: Record<string, OptionEffect> = {
  frozen: { value: 'True', text: 'assigning to a field raises `FrozenInstanceError`, and equal instances hash alike, so they can be dict keys and set members.' },
  order: { value: 'True', text: '`<`, `<=`, `>` and `>=` compare instances field by field, in the order the fields are declared.' },
  slots: { value: 'True', text: 'the class gets `__slots__` for its fields: smaller instances, and no attributes other than the fields.', minPython: [3, 10] },
  kw_only: { value: 'True', text: 'every field must be passed to `__init__` by keyword, so fields with defaults may come before fields without.', minPython: [3, 10] },
  unsafe_hash: { value: 'True', text: '`__hash__` comes from the fields although instances can change: an instance changed while in a set or dict is lost there.' },
  weakref_slot: { value: 'True', text: 'with `slots=True`, a `__weakref__` slot is kept, so instances can be weakly referenced.', minPython: [3, 11] },
  eq: { value: 'False', text: 'instances compare and hash by identity, as plain objects do.' },
  init: { value: 'False', text: 'no `__init__` is written; the class brings its own.' },
  repr: { value: 'False', text: 'no `__repr__` is written.' },
  match_args: { value: 'False', text: 'no `__match_args__`, so `case` patterns cannot match its fields by position.', minPython: [3, 10] },
};

const FIELD_OPTIONS: Record<string, OptionEffect> = {
  init: { value: 'False', text: 'not a parameter of `__init__`: give it a default, or set it in `__post_init__`.' },
  repr: { value: 'False', text: 'left out of `repr()`, which suits secrets and large values.' },
  compare: { value: 'False', text: 'ignored by `==`, by ordering and by the hash.' },
  kw_only: { value: 'True', text: 'must be passed to `__init__` by keyword.', minPython: [3, 10] },
};

/** One line per option written as `name=True`/`name=False` that the table explains, with a warning when the target lacks it. */
function optionLines(call: Node | undefined, options: Record<string, OptionEffect>, callee: string, target: PythonVersion): string[] {
  const lines: string[] = [];
  for (const [name, value] of keywordArguments(call?.childForFieldName('arguments'))) {
    const effect = options[name];
    if (!effect || !(value.type === 'true' || value.type === 'false') || (value.type === 'true') !== (effect.value === 'True')) continue;
    const tooNew = effect.minPython && !atLeast(target, effect.minPython)
      ? ` ⚠ Needs Python ${versionText(effect.minPython)}: the project targets ${versionText(target)}, where \`${callee}()\` rejects it with a \`TypeError\`.`
      : '';
    lines.push(`- \`${name}=${effect.value}\`: ${effect.text}${tooNew}`);
  }
  return lines;
}

/** The methods `@dataclass` writes unless the option named beside each is `False`. */
const GENERATED_METHODS = { __init__: 'init', __repr__: 'repr', __eq__: 'eq' };

function dataclassDetail(decorator: Node, context: PatternContext): string | undefined {
  const definition = decoratedBy(decorator);
  if (definition?.type !== 'class_definition') return undefined;
  const expression = decorator.firstNamedChild;
  const call = expression?.type === 'call' ? expression : undefined;
  const options = keywordArguments(call?.childForFieldName('arguments'));
  const written = Object.entries(GENERATED_METHODS).filter(([, option]) => options.get(option)?.type !== 'false').map(([method]) => method);
  const fields = annotatedFields(definition, context);
  const from = fields.length > 0 ? `its ${fields.length === 1 ? 'field' : 'fields'} ${listed(fields.slice(0, 6))}${fields.length > 6 ? ' …' : ''}` : 'its annotated fields';
  const summary = written.length > 0 ? `Writes ${listed(written)} for ${nameOf(definition)} from ${from}.` : `Writes none of \`__init__\`, \`__repr__\` and \`__eq__\` for ${nameOf(definition)}.`;
  const effects = optionLines(call, DATACLASS_OPTIONS, 'dataclass', context.target);
  return effects.length > 0 ? `${summary}\n\n${effects.join('\n')}` : summary;
}

/** The field a `field(…)` call is the value of: `items` in `items: list = field(…)`. */
function fieldName(call: Node): string | undefined {
  const assignment = call.parent?.type === 'assignment' && call.parent.childForFieldName('right')?.id === call.id ? call.parent : undefined;
  const left = assignment?.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : undefined;
}

/** Values that are one container rather than something to call for a new one. */
const CONTAINER_DISPLAYS = new Set(['list', 'dictionary', 'set', 'tuple']);

function fieldDetail(call: Node, context: PatternContext): string | undefined {
  const name = fieldName(call);
  const options = keywordArguments(call.childForFieldName('arguments'));
  const lines: string[] = [];
  const factory = options.get('default_factory');
  if (factory) {
    const made = factory.type === 'call' && context.semantic.matches(calleeOf(factory), 'builtins.list', 'builtins.dict', 'builtins.set');
    if (made || CONTAINER_DISPLAYS.has(factory.type)) {
      const callee = made ? calleeOf(factory).text : undefined;
      lines.push(`- ⚠ \`default_factory\` wants something to call: \`${factory.text}\` is one ${callee ?? 'container'}, so creating an instance fails; write \`default_factory=${callee ?? 'list'}\`.`);
    } else {
      lines.push(`- \`default_factory=${factory.text}\`: each instance gets a new value from \`${factory.text}()\` when \`__init__\` is not given ${name ? `\`${name}\`` : 'one'}.`);
    }
  }
  const value = options.get('default');
  if (value) lines.push(`- \`default=${value.text}\`: the value when \`__init__\` is not given ${name ? `\`${name}\`` : 'one'}.`);
  lines.push(...optionLines(call, FIELD_OPTIONS, 'field', context.target));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Whether a method assigns `self.<name> = …` in its own body. */
function assignsAttribute(method: Node, self: string): boolean {
  return method.descendantsOfType('assignment').some((assignment) => {
    const left = assignment?.childForFieldName('left');
    return left?.type === 'attribute' && left.childForFieldName('object')?.text === self;
  });
}

function postInitDetail(method: Node, context: PatternContext): string | undefined {
  const owner = enclosingClass(method);
  if (!owner) return undefined;
  const [self, ...initVars] = namedChildren(method.childForFieldName('parameters')).map((parameter) => (parameter.type === 'identifier' ? parameter.text : (parameter.childForFieldName('name') ?? parameter.firstNamedChild)?.text ?? ''));
  const lines = [`Runs at the end of the \`__init__\` that \`@dataclass\` writes for ${nameOf(owner)}${initVars.length > 0 ? `, with the \`InitVar\` fields ${listed(initVars)}` : ''}.`];
  if (context.semantic.classKind(owner).frozen && self && assignsAttribute(method, self)) {
    lines.push(`⚠ ${nameOf(owner)} is frozen: \`${self}.… = …\` raises \`FrozenInstanceError\` here; write \`object.__setattr__(${self}, "name", value)\`.`);
  }
  return lines.join('\n\n');
}

export const DATA_CLASS_PATTERNS = [
  definePattern({
    meta: {
      id: 'dataclass',
      title: '`@dataclass`',
      family: 'data-classes',
      minPython: [3, 7],
      summary:
        '`@dataclasses.dataclass` writes `__init__`, `__repr__` and `__eq__` from the annotated fields of a class. ' +
        'Its options add more: `frozen=True` for immutable, hashable instances, `order=True` for comparisons, `slots=True` and `kw_only=True` (3.10) for slotted or keyword-only classes. ' +
        'Reach for it for classes that mostly hold data: the field list documents the class and the boilerplate disappears.',
      pitfall: 'Giving a field a mutable default such as `[]`: `@dataclass` rejects it when the class is created. `field(default_factory=list)` gives each instance a list of its own.',
      example: [
        'from dataclasses import dataclass',
        '',
        '',
        '@dataclass(frozen=True, order=True)',
        'class Version:',
        '    major: int',
        '    minor: int = 0',
        '',
        '    def __str__(self):',
        '        return f"{self.major}.{self.minor}"',
        '',
        '',
        'assert Version(3, 10) > Version(3, 9)',
      ].join('\n'),
    },
    anchors: { decorator: decoratorStandingFor(['dataclasses.dataclass'], dataclassDetail) },
    names: ['dataclasses.dataclass'],
  }),
  definePattern({
    meta: {
      id: 'dataclass-field',
      title: '`field(default_factory=…)`',
      family: 'data-classes',
      minPython: [3, 7],
      summary:
        '`dataclasses.field()` sets how one field of a dataclass behaves: `default_factory=list` calls `list()` for every new instance, so no two share a mutable default, ' +
        'and `init=`, `repr=`, `compare=` or `kw_only=` (3.10) take the field out of the generated methods or make it keyword-only. ' +
        'Reach for it when a default is mutable or a field has no place in `__init__`, `repr()` or comparisons.',
      pitfall: 'Passing a value where something to call is wanted: `default_factory=[]` or `default_factory=list()` hands over one list instead of a way to make lists, and creating an instance fails.',
      example: [
        'from dataclasses import dataclass, field',
        '',
        '',
        '@dataclass',
        'class Basket:',
        '    owner: str',
        '    items: list = field(default_factory=list)',
        '    token: str = field(default="", repr=False)',
        '',
        '',
        'basket = Basket("ada")',
        'basket.items.append("tea")',
        'assert Basket("bob").items == []',
      ].join('\n'),
    },
    anchors: { call: callOf(['dataclasses.field'], fieldDetail) },
    names: ['dataclasses.field'],
  }),
  definePattern({
    meta: {
      id: 'post-init',
      title: '`__post_init__`',
      family: 'data-classes',
      minPython: [3, 7],
      summary:
        'The `__init__` that `@dataclass` writes calls `__post_init__` last, once every field is set: the place to check fields, compute one from others, or use `InitVar` pseudo-fields, which arrive as its arguments without being stored. ' +
        'Reach for it instead of writing `__init__` by hand, which would replace the generated one.',
      pitfall: 'In a `frozen=True` dataclass, `self.area = …` in `__post_init__` raises `FrozenInstanceError`; it has to go through `object.__setattr__(self, "area", …)`.',
      example: [
        'from dataclasses import dataclass, field',
        '',
        '',
        '@dataclass',
        'class Rectangle:',
        '    width: float',
        '    height: float',
        '    area: float = field(init=False)',
        '',
        '    def __post_init__(self):',
        '        if self.width < 0 or self.height < 0:',
        '            raise ValueError("sides must not be negative")',
        '        self.area = self.width * self.height',
      ].join('\n'),
    },
    anchors: { function_definition: methodNamed(['__post_init__'], isDataclass, postInitDetail) },
  }),
];
