// pydantic (version 2): models deriving from `BaseModel`, field and model validators, and the
// `ConfigDict` a model is configured with.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternContext } from '../engine/pattern';
import { isOneOf } from '../engine/semantic/classes';
import { enclosingClass, namedChildren, ownScopeNodes } from '../engine/syntax';
import { callOf, classOfHeader, decoratedBy, decoratorStandingFor, definitionHeader, keywordArguments, listed, nameOf } from './anchors';
import { annotatedFields, classOfAssignment } from './class-bodies';

const BASE_MODELS = ['pydantic.BaseModel', 'pydantic.main.BaseModel'];

function modelDetail(definition: Node, context: PatternContext): string {
  const fields = annotatedFields(definition, context);
  const which = fields.length > 0 ? listed(fields.slice(0, 6)) + (fields.length > 6 ? ' …' : '') : 'the fields it declares and inherits';
  return `\`${definition.childForFieldName('name')?.text}(…)\` validates and converts ${which}, and raises \`ValidationError\` when the input does not fit.`;
}

/** The string value of a literal (`"after"`), if it is one. */
function literal(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? node.namedChildren.find((part) => part?.type === 'string_content')?.text ?? '' : undefined;
}

/** Whether the method returns a value somewhere in its own body. */
function returnsValue(method: Node): boolean {
  const body = method.childForFieldName('body');
  return body !== null && ownScopeNodes(body, ['return_statement']).some((statement) => statement.firstNamedChild !== null);
}

function fieldValidatorDetail(decorator: Node, context: PatternContext): string | undefined {
  const call = decorator.firstNamedChild;
  const method = decoratedBy(decorator);
  if (call?.type !== 'call' || method?.type !== 'function_definition') return undefined;
  const argumentList = call.childForFieldName('arguments');
  const named = namedChildren(argumentList).filter((argument) => argument.type === 'string').map((argument) => literal(argument) ?? '');
  const fields = named.includes('*') ? 'every field' : named.length > 0 ? listed(named) : 'its fields';
  const them = named.length === 1 && !named.includes('*') ? 'it' : 'them';
  // Without `mode=`, an after-validator; with a mode that is not a literal, one of unknown kind.
  const modeArgument = keywordArguments(argumentList).get('mode');
  const mode = modeArgument ? (literal(modeArgument) ?? '') : 'after';
  const lines = [
    {
      after: `Checks ${fields} after pydantic has converted the input to the declared type.`,
      before: `Checks ${fields} before pydantic converts ${them}: the value is whatever the input held.`,
      wrap: `Wraps pydantic's own validation of ${fields}: it gets the value and a \`handler\` that runs it.`,
      plain: `Replaces pydantic's validation of ${fields}: the value arrives unconverted, and what it returns is kept as it is.`,
    }[mode] ?? `Checks ${fields}.`,
  ];
  const owner = enclosingClass(method);
  // Only a model deriving from `BaseModel` itself has all its fields in its own body.
  const own = owner && context.semantic.classFacts(owner).bases.every((base) => isOneOf(base, BASE_MODELS)) ? annotatedFields(owner, context) : undefined;
  const unknown = own && !keywordArguments(argumentList).has('check_fields') ? named.filter((field) => field !== '*' && !own.includes(field)) : [];
  if (unknown.length > 0) lines.push(`⚠ ${listed(unknown)} ${unknown.length > 1 ? 'are not fields' : 'is not a field'} of ${nameOf(owner!)}: pydantic raises an error when the class is created.`);
  if (!returnsValue(method)) lines.push('⚠ It never returns a value, so the field is set to `None`: return the value to keep.');
  return lines.join('\n\n');
}

function modelValidatorDetail(decorator: Node): string | undefined {
  const call = decorator.firstNamedChild;
  const method = decoratedBy(decorator);
  if (call?.type !== 'call' || method?.type !== 'function_definition') return undefined;
  const mode = keywordArguments(call.childForFieldName('arguments')).get('mode');
  if (!mode) return '⚠ `mode` must be given: `@model_validator(mode="after")`, `"before"` or `"wrap"`.';
  switch (literal(mode)) {
    case 'after':
      return returnsValue(method)
        ? 'Runs on the finished model: read the fields on `self`, raise `ValueError` to reject it, and return `self`.'
        : 'Runs on the finished model.\n\n⚠ It never returns: an after-validator must return `self`.';
    case 'before':
      return 'Runs on the raw input before any field is validated: usually a dict, but whatever the caller passed; what it returns is validated instead.';
    case 'wrap':
      return 'Runs around pydantic\'s own validation: it gets the raw input and a `handler` that turns it into the model.';
    default:
      return undefined;
  }
}

/** What the settings written in a `ConfigDict(…)` do, by name and literal value. */
const CONFIG_SETTINGS: Record<string, Record<string, string>> = {
  extra: { forbid: 'unknown fields raise `ValidationError`', allow: 'unknown fields are kept as extra attributes', ignore: 'unknown fields are dropped (the default)' },
  frozen: { True: 'instances cannot be changed, and are hashable' },
  validate_assignment: { True: 'assigning to a field validates the new value' },
  str_strip_whitespace: { True: 'whitespace around every string is stripped' },
  from_attributes: { True: '`model_validate(obj)` reads the fields from `obj`\'s attributes (ORM rows, dataclasses)' },
  populate_by_name: { True: 'a field with an alias can also be filled by its own name' },
  use_enum_values: { True: 'enum fields keep the members\' values rather than the members' },
};

function configDetail(call: Node): string | undefined {
  const settings: string[] = [];
  for (const [name, value] of keywordArguments(call.childForFieldName('arguments'))) {
    const effect = CONFIG_SETTINGS[name]?.[literal(value) ?? value.text];
    if (effect) settings.push(`- \`${name}=${value.text}\`: ${effect}.`);
  }
  const parts = settings.length > 0 ? [settings.join('\n')] : [];
  const assignment = call.parent?.type === 'assignment' ? call.parent : undefined;
  const target = assignment?.childForFieldName('left');
  if (assignment && classOfAssignment(assignment) && target && target.text !== 'model_config') {
    parts.push(`⚠ pydantic reads only \`model_config\`: assigned to \`${target.text}\`, these settings are ignored.`);
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

export const PYDANTIC_PATTERNS = [
  definePattern({
    meta: {
      id: 'pydantic-model',
      title: 'pydantic `BaseModel`',
      family: 'pydantic',
      minPython: [3, 8],
      summary:
        'A class deriving from `pydantic.BaseModel` declares its fields as annotations, and creating an instance validates and converts the input to them (`"36"` becomes `36` for an `int`), raising one `ValidationError` that lists every field that failed. ' +
        'Reach for it where data arrives untrusted (requests, configuration files, messages); inside a program, a dataclass is lighter.',
      pitfall: 'Expecting later assignments to be checked too: `user.age = "old"` is accepted unless the model sets `validate_assignment=True`.',
      example: [
        'from pydantic import BaseModel, ValidationError',
        '',
        '',
        'class User(BaseModel):',
        '    name: str',
        '    age: int = 0',
        '',
        '',
        'user = User(name="Ada", age="36")',
        'assert user.age == 36',
        'try:',
        '    User(name="Bob", age="old")',
        'except ValidationError as error:',
        '    print(error.error_count(), "invalid field")',
      ].join('\n'),
    },
    anchors: {
      class_definition: (definition, context) => (context.semantic.classKind(definition).pydanticModel ? definitionHeader(definition, modelDetail(definition, context)) : undefined),
    },
    names: BASE_MODELS,
    nameDetail: (name, context) => {
      const owner = classOfHeader(name);
      return { start: name.startIndex, end: name.endIndex, detail: owner ? modelDetail(owner, context) : undefined };
    },
  }),
  definePattern({
    meta: {
      id: 'field-validator',
      title: '`@field_validator`',
      family: 'pydantic',
      minPython: [3, 8],
      summary:
        '`@field_validator("email")` on a class method of a model adds a check or conversion for the fields it names: it gets the value, returns the one to keep, or raises `ValueError` to reject it. ' +
        'By default it runs after pydantic\'s own conversion; `mode="before"` sees the raw input. ' +
        'Reach for it for rules a type cannot express: a format, a range, a normalization.',
      pitfall: 'Forgetting to `return` the value: the validator then returns `None`, and the field quietly becomes `None`.',
      example: [
        'from pydantic import BaseModel, field_validator',
        '',
        '',
        'class Account(BaseModel):',
        '    email: str',
        '',
        '    @field_validator("email")',
        '    @classmethod',
        '    def normalize(cls, value: str) -> str:',
        '        if "@" not in value:',
        '            raise ValueError("not an email address")',
        '        return value.strip().lower()',
      ].join('\n'),
    },
    anchors: { decorator: decoratorStandingFor(['pydantic.field_validator'], fieldValidatorDetail) },
    names: ['pydantic.field_validator'],
  }),
  definePattern({
    meta: {
      id: 'model-validator',
      title: '`@model_validator`',
      family: 'pydantic',
      minPython: [3, 8],
      summary:
        '`@model_validator(mode=…)` adds a check over the whole model, for rules that involve several fields. ' +
        'With `mode="after"` it runs on the finished model and returns `self`; with `mode="before"` it is a class method that gets the raw input before any field is validated. ' +
        'Reach for it when one field\'s validity depends on another.',
      pitfall: 'Treating the input of a `mode="before"` validator as a dict of fields: it is whatever the caller passed (another model, any object), so check its type first.',
      example: [
        'from datetime import date',
        '',
        'from pydantic import BaseModel, model_validator',
        '',
        '',
        'class Booking(BaseModel):',
        '    arrival: date',
        '    departure: date',
        '',
        '    @model_validator(mode="after")',
        '    def check_dates(self):',
        '        if self.departure <= self.arrival:',
        '            raise ValueError("departure must come after arrival")',
        '        return self',
      ].join('\n'),
    },
    anchors: { decorator: decoratorStandingFor(['pydantic.model_validator'], modelValidatorDetail) },
    names: ['pydantic.model_validator'],
  }),
  definePattern({
    meta: {
      id: 'config-dict',
      title: '`ConfigDict`',
      family: 'pydantic',
      minPython: [3, 8],
      summary:
        '`model_config = ConfigDict(…)` in a model\'s body sets how pydantic treats the whole model: `extra="forbid"` rejects unknown fields, `frozen=True` makes instances immutable and hashable, `validate_assignment=True` checks assignments too. ' +
        'It replaces the nested `class Config` of pydantic 1.',
      pitfall: 'Assigning it to any name other than `model_config`: pydantic reads only that attribute, and ignores the settings without a word.',
      example: [
        'from pydantic import BaseModel, ConfigDict',
        '',
        '',
        'class Settings(BaseModel):',
        '    model_config = ConfigDict(extra="forbid", frozen=True)',
        '',
        '    host: str',
        '    port: int = 8080',
      ].join('\n'),
    },
    anchors: { call: callOf(['pydantic.ConfigDict'], configDetail) },
    names: ['pydantic.ConfigDict'],
  }),
];
