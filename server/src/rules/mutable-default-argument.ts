import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext, type TextEdit } from '../engine/rule';
import { localScope } from '../engine/semantic/local-scopes';
import { attributeUses, valueUses } from '../engine/semantic/value-uses';
import { attributeOf, bodyStatements, decoratorsOf, enclosingClass, enclosingFunction, indentationOf, isDocstring, lineBreakOf, namedChildren, startsItsLine } from '../engine/syntax';

/** Displays that build a new mutable object. */
const MUTABLE_DISPLAYS = new Set(['list', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension']);
const MUTABLE_CALLS = ['builtins.list', 'builtins.dict', 'builtins.set', 'builtins.bytearray', 'collections.defaultdict', 'collections.deque', 'collections.OrderedDict', 'collections.Counter'];
/**
 * Names that say the sharing is deliberate: a private parameter callers never pass (`_cache={}`,
 * a `_nil=[]` identity sentinel) or a memo table kept across calls on purpose.
 */
const DELIBERATE = /^_|cache|memo/i;
/**
 * Annotations that take a trailing `| None` without parentheses. String annotations are left
 * alone: `"X" | None` fails at runtime.
 */
const WIDENABLE = new Set(['identifier', 'attribute', 'generic_type', 'subscript', 'binary_operator']);

/** How the shared default is seen to be shared: changed and returned, stored and changed, or changed. */
type Sharing = 'returned' | 'stored' | 'mutated';

/**
 * `name=[`, `name: T = {`, `name=dict(`… after `(` or `,`: text every mutable default contains (keyword
 * arguments of calls too, which the nodes then tell apart). Most functions and classes have none.
 * The value is matched first and the name before it looked back for: a text has fewer `=` than
 * `(` and `,` to try.
 */
const MUTABLE_DEFAULT_TEXT = /=\s*(?:\[|\{|[\w.]*(?:list|dict|set|bytearray|defaultdict|deque|OrderedDict|Counter)\s*\()(?<=[(,]\s*\w+\s*(?::[^=()\n]*)?=\s*(?:\[|\{|[\w.]*\s*\())/;

/** Functions outside class bodies; methods are checked with their class, whose other methods may change what they store. */
const checkFunction: NodeHandler = (definition, context) => {
  if (!MUTABLE_DEFAULT_TEXT.test(context.text(definition)) || enclosingClass(definition)) return;
  check(definition, undefined, context);
};

const checkClass: NodeHandler = (definition, context) => {
  if (!MUTABLE_DEFAULT_TEXT.test(context.text(definition))) return;
  for (const statement of bodyStatements(definition)) {
    const method = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (method?.type === 'function_definition') check(method, definition, context);
  }
};

function check(definition: Node, owner: Node | undefined, context: RuleContext): void {
  const list = definition.childForFieldName('parameters');
  // Without `=` there is no default: one text test instead of every parameter's node.
  if (!list || !context.text(list).includes('=')) return;
  const mutable = namedChildren(list).filter((parameter) => {
    if (parameter.type !== 'default_parameter' && parameter.type !== 'typed_default_parameter') return false;
    const value = parameter.childForFieldName('value');
    return value !== null && isMutable(value, context) && !DELIBERATE.test(context.text(parameter.childForFieldName('name')!));
  });
  if (mutable.length === 0 || isStub(definition, context)) return;
  for (const parameter of mutable) {
    const value = parameter.childForFieldName('value')!;
    const name = context.text(parameter.childForFieldName('name')!);
    const sharing = observableSharing(definition, owner, name, value, context);
    if (!sharing) continue;
    context.report({ node: value, message: MESSAGES[sharing](name), fix: noneDefault(definition, parameter, name, value, context) });
  }
}

const MESSAGES: Record<Sharing, (name: string) => string> = {
  returned: (name) => `The default of \`${name}\` is built once, changed in place and returned: every call that omits it gets the same object back`,
  stored: (name) => `The default of \`${name}\` is built once, stored on the instance and changed there: every instance created without it shares one object`,
  mutated: (name) => `The default of \`${name}\` is built once and changed in place: each call sees what earlier calls left in it`,
};

/**
 * How the one default object can be seen to be shared: the function changes it in place (and may
 * return it to callers too), or stores it on the instance (`self.items = items`) where a method of
 * the class changes it. A default that is only read — or returned, or stored, and changed by no
 * one the rule can see — is not flagged: sharing it is harmless. Uses after the parameter is
 * rebound (`items = list(items)`) are another object. State kept in the default on purpose is not
 * flagged either (see `keepsState`): a fix would reset it on every call.
 */
function observableSharing(definition: Node, owner: Node | undefined, name: string, value: Node, context: RuleContext): Sharing | undefined {
  const binding = localScope(definition).bindings.get(name)?.find((each) => each.kind === 'parameter');
  if (!binding) return undefined;
  const uses = valueUses(context.semantic, binding);
  const rebound = Math.min(...uses.rebound.map((node) => node.startIndex));
  const before = (nodes: Node[]) => nodes.filter((node) => node.startIndex < rebound);
  const mutated = before(uses.mutated);
  if (mutated.length > 0) {
    if (keepsState(definition, value, mutated, uses.references, context)) return undefined;
    return before(uses.returned).length > 0 ? 'returned' : 'mutated';
  }
  const stored = owner ? before(uses.stored).map((node) => storedAttribute(node, definition)).filter((attribute) => attribute !== undefined) : [];
  return stored.some((attribute) => attributeUses(context.semantic, owner!, attribute).mutated.length > 0) ? 'stored' : undefined;
}

/** `attr` when the reference is the value of `self.attr = <reference>`, `self` being the method's first parameter. */
function storedAttribute(reference: Node, method: Node): string | undefined {
  const assignment = reference.parent;
  const left = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === reference.id ? assignment.childForFieldName('left') : null;
  const self = method.childForFieldName('parameters')?.firstNamedChild;
  return self?.type === 'identifier' ? attributeOf(left, self.text, (node) => node.text) : undefined;
}

/**
 * Signs that a default changed in place is state kept on purpose: it starts with content (a
 * counter `[0]`), it guards a run-once path (`if done: return … done.append(1)`), it is a memo
 * table (looked up with `in`, filled by key), closures made by the function share it, or every
 * change is idempotent (`if "/usr/lib" not in dirs: dirs.append("/usr/lib")`).
 */
function keepsState(definition: Node, value: Node, mutated: readonly Node[], references: readonly Node[], context: RuleContext): boolean {
  if ((value.type === 'list' || value.type === 'dictionary' || value.type === 'set') && namedChildren(value).length > 0) return true;
  const inCondition = (node: Node) => {
    const parent = node.parent?.type === 'not_operator' ? node.parent.parent : node.parent;
    return parent?.type === 'if_statement' || parent?.type === 'elif_clause' || parent?.type === 'while_statement' || parent?.type === 'boolean_operator';
  };
  if (references.some(inCondition)) return true;
  const storesByKey = references.some((node) => node.parent?.type === 'subscript' && node.parent.parent?.type === 'assignment');
  const looksUp = references.some((node) => node.parent?.type === 'comparison_operator' && /\bin\b/.test(context.text(node.parent)));
  if (storesByKey && looksUp) return true;
  if (references.some((node) => enclosingFunction(node)?.id !== definition.id)) return true;
  return mutated.every((node) => addsGuardedConstant(node, context));
}

/**
 * `x.append(v)` (or `add`, `insert`) inside `if v not in x …:`, where `v` is a constant: the same
 * values once, whatever the calls before (numpy's `if s + "lib" not in library_dirs: …append`).
 */
function addsGuardedConstant(reference: Node, context: RuleContext): boolean {
  const call = reference.parent?.parent;
  if (call?.type !== 'call' || !/^(append|add|insert|appendleft)$/.test(reference.parent?.childForFieldName('attribute')?.text ?? '')) return false;
  const value = namedChildren(call.childForFieldName('arguments')).at(-1);
  if (!value || !isConstant(value, context)) return false;
  const guard = `${context.text(value).replace(/\s+/g, ' ')} not in ${reference.text}`;
  for (let node = call.parent; node && node.type !== 'function_definition'; node = node.parent) {
    const condition = node.type === 'if_statement' ? node.childForFieldName('condition') : null;
    const tests = condition ? [condition, ...condition.descendantsOfType('comparison_operator').filter((each): each is Node => each !== null)] : [];
    if (tests.some((test) => test.type === 'comparison_operator' && context.text(test).replace(/\s+/g, ' ') === guard)) return true;
  }
  return false;
}

const LITERALS = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none']);

/** A literal, arithmetic of constants, a module constant, or a loop variable over a display of literals. */
function isConstant(expression: Node, context: RuleContext): boolean {
  if (LITERALS.has(expression.type)) return true;
  if (expression.type === 'binary_operator' || expression.type === 'parenthesized_expression') return namedChildren(expression).every((part) => isConstant(part, context));
  if (expression.type !== 'identifier') return false;
  const binding = context.semantic.resolve(expression);
  if (binding?.scope === context.semantic.module) return binding.valueType !== undefined && LITERALS.has(binding.valueType);
  if (binding?.kind !== 'for' || !binding.node) return false;
  let loop: Node | null = binding.node.parent;
  while (loop && loop.type !== 'for_statement') loop = loop.parent;
  const iterable = loop?.childForFieldName('right');
  return (iterable?.type === 'tuple' || iterable?.type === 'list' || iterable?.type === 'set') && namedChildren(iterable).every((item) => LITERALS.has(item.type));
}

function isMutable(value: Node, context: RuleContext): boolean {
  if (MUTABLE_DISPLAYS.has(value.type)) return true;
  if (value.type !== 'call') return false;
  const callee = value.childForFieldName('function');
  return callee !== null && context.semantic.matches(callee, ...MUTABLE_CALLS);
}

/** Overloads, protocol members and abstract placeholders never run their body, so their defaults are never used. */
function isStub(definition: Node, context: RuleContext): boolean {
  if (decoratorsOf(definition).some((decorator) => context.semantic.matches(decorator, 'typing.overload', 'typing_extensions.overload'))) return true;
  return bodyStatements(definition).every((statement) => {
    if (isDocstring(statement) || statement.type === 'pass_statement') return true;
    if (statement.type === 'expression_statement') return statement.firstNamedChild?.type === 'ellipsis';
    if (statement.type !== 'raise_statement') return false;
    const raised = statement.firstNamedChild;
    const exception = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
    return exception != null && context.semantic.isBuiltin(exception, 'NotImplementedError');
  });
}

/** `x=None`, the annotation widened when the target can spell `X | None`, and the old default built per call. */
function noneDefault(definition: Node, parameter: Node, name: string, value: Node, context: RuleContext): FixSpec | undefined {
  const body = definition.childForFieldName('body');
  const statements = bodyStatements(definition);
  if (!body || statements.length === 0 || readsVariables(value)) return undefined;
  const { source } = context;
  const eol = lineBreakOf(source);
  const edits: TextEdit[] = [{ start: value.startIndex, end: value.endIndex, text: 'None' }];
  const annotation = parameter.childForFieldName('type');
  const expression = annotation?.firstNamedChild;
  if (annotation && expression && canWidenAnnotations(context) && WIDENABLE.has(expression.type) && !admitsNone(expression, context)) {
    edits.push({ start: annotation.endIndex, end: annotation.endIndex, text: ' | None' });
  }

  const definitionIndent = indentationOf(definition, source);
  const first = statements[0];
  if (startsItsLine(first, source)) {
    // Before the first statement after the docstring (which stays first to remain the docstring),
    // and after the `if p is None:` blocks of earlier parameters, so fix-all keeps their order.
    const earlier = new Set(
      namedChildren(definition.childForFieldName('parameters'))
        .filter((other) => other.endIndex <= parameter.startIndex)
        .map((other) => other.childForFieldName('name')?.text),
    );
    let index = isDocstring(first) ? 1 : 0;
    while (index + 1 < statements.length && initialisesParameter(statements[index], earlier, name, context)) index++;
    const anchor = statements[index];
    if (!anchor || !startsItsLine(anchor, source)) return undefined;
    const indent = indentationOf(anchor, source);
    const unit = indent.startsWith(definitionIndent) && indent.length > definitionIndent.length ? indent.slice(definitionIndent.length) : '    ';
    const lineStart = anchor.startIndex - indent.length;
    const ifBlock = `${indent}if ${name} is None:${eol}${indent}${unit}${name} = ${context.text(value)}${eol}`;
    edits.push({ start: lineStart, end: lineStart, text: ifBlock });
    return { edits };
  }
  // A body on the `def` line moves to its own line below the new `if`.
  if (isDocstring(first)) return undefined;
  const unit = definitionIndent.includes('\t') ? '\t' : '    ';
  const indent = definitionIndent + unit;
  // The line break replaces the colon and the spaces after it, so that the fixes of several
  // defaults share this edit and only their `if` blocks are separate insertions.
  const colon = source.lastIndexOf(':', body.startIndex - 1);
  const ifBlock = `if ${name} is None:${eol}${indent}${unit}${name} = ${context.text(value)}${eol}${indent}`;
  edits.push({ start: colon, end: body.startIndex, text: `:${eol}${indent}` }, { start: body.startIndex, end: body.startIndex, text: ifBlock });
  return { edits };
}

/** `if p is None: p = …` for one of `parameters`, not reading `name`. */
function initialisesParameter(statement: Node, parameters: ReadonlySet<string | undefined>, name: string, context: RuleContext): boolean {
  if (statement.type !== 'if_statement' || statement.childForFieldName('alternative')) return false;
  const tested = /^(\w+) is None$/.exec(context.text(statement.childForFieldName('condition')!))?.[1];
  const consequence = namedChildren(statement.childForFieldName('consequence'));
  const assignment = consequence.length === 1 && consequence[0].type === 'expression_statement' ? consequence[0].firstNamedChild : null;
  const right = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : null;
  if (!tested || !parameters.has(tested) || !right || assignment?.childForFieldName('left')?.text !== tested) return false;
  return !right.descendantsOfType('identifier').some((identifier) => identifier?.text === name);
}

/** Whether an annotation already accepts `None`: `X | None`, `Optional[X]`, `Union[X, None]`, `Any`, `object`. */
function admitsNone(expression: Node, context: RuleContext): boolean {
  switch (expression.type) {
    case 'none':
      return true;
    case 'type':
    case 'parenthesized_expression':
      return expression.firstNamedChild !== null && admitsNone(expression.firstNamedChild, context);
    case 'identifier':
    case 'attribute':
      return /(^|\.)(Any|object)$/.test(context.text(expression));
    case 'binary_operator':
      return context.text(expression.childForFieldName('operator')!) === '|' && namedChildren(expression).some((side) => admitsNone(side, context));
    case 'generic_type':
    case 'subscript': {
      const [head, ...rest] = namedChildren(expression);
      const generic = context.text(head);
      const members = expression.type === 'generic_type' ? namedChildren(rest[0]) : rest;
      if (/(^|\.)Optional$/.test(generic)) return true;
      return /(^|\.)Union$/.test(generic) && members.some((member) => admitsNone(member, context));
    }
    default:
      return false;
  }
}

/**
 * Whether the default reads a variable (`[lnum]`, `{"url": URL}`). Moved into the body it would
 * be read at call time, where a parameter or local may shadow it or its value may have changed.
 * Constructors (`dict`, `collections.Counter`), keyword names and comprehension variables are
 * not such reads.
 */
function readsVariables(value: Node): boolean {
  const comprehensionVariables = new Set(
    value
      .descendantsOfType('for_in_clause')
      .flatMap((clause) => clause?.childForFieldName('left')?.descendantsOfType('identifier') ?? [])
      .map((variable) => variable?.text),
  );
  return value.descendantsOfType('identifier').some((identifier) => {
    if (!identifier || comprehensionVariables.has(identifier.text)) return false;
    let head = identifier;
    const parent = head.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === head.id) return false;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === head.id) return false;
    while (head.parent?.type === 'attribute' && head.parent.childForFieldName('object')?.id === head.id) head = head.parent;
    return !(head.parent?.type === 'call' && head.parent.childForFieldName('function')?.id === head.id);
  });
}

function canWidenAnnotations(context: RuleContext): boolean {
  if (atLeast(context.facts.target, [3, 10])) return true;
  return context.facts.bindings.get('annotations')?.some((binding) => binding.qualified === '__future__.annotations') ?? false;
}

export default defineRule({
  meta: {
    code: 'PH107',
    name: 'mutable-default-argument',
    kind: 'correctness',
    selection: 'default',
    category: 'functions',
    severity: 'warning',
    minPython: [3, 0],
    message: 'Mutable default argument: it is built once and shared by every call',
    docs: {
      what: [
        'Flags a parameter default that builds a mutable object — a list, dict or set display or comprehension, or a call',
        'to `list()`, `dict()`, `set()`, `bytearray()`, `collections.defaultdict()`, `deque()`, `OrderedDict()` or',
        '`Counter()` — when the sharing of that one object can be seen: the function changes it in place (`append`,',
        '`x[k] = v`, `+=`, also through an alias), maybe returning it too, or stores it on the instance (`self.items =',
        'items`) where a method of the class changes it. A default that is only read, or only passed on or returned',
        'unchanged, is left alone: sharing it is harmless. So is state kept in the default on purpose — a default that',
        'starts with content (a counter `[0]`), a run-once guard (`if done: return`), a memo table (looked up with `in`,',
        'filled by key), state that closures made by the function share, or changes that add the same constants every',
        'time — and parameters whose name says so (a leading underscore, `cache` or `memo`). Overloads and stubs',
        '(`...`, `pass`, `raise NotImplementedError`) are skipped.',
      ].join(' '),
      why: [
        'Python evaluates a default once, when the `def` statement runs, and stores that one object on the function.',
        'Every call that omits the argument gets the same object, so whatever one call appends or inserts is still',
        'there in the next call — state leaks between calls and between callers, usually surfacing as a bug far away.',
        '',
        'Default to `None` and build a fresh object inside the function. Tuples, `frozenset()` and other immutable',
        'values are fine as defaults.',
      ].join('\n'),
      example: ['def add_tag(tag, tags=[]):', '    tags.append(tag)', '    return tags'].join('\n'),
      instead: ['def add_tag(tag, tags=None):', '    if tags is None:', '        tags = []', '    tags.append(tag)', '    return tags'].join('\n'),
      fixSafety: [
        'The fix is unsafe because it changes what the function does when it relied on the shared object: a cache or',
        'counter kept in a default on purpose starts empty on every call. A caller that passes `None` explicitly now',
        'gets a fresh object instead of `None`, and the default shown by `help()` and `inspect.signature()` becomes',
        '`None`. An annotation gains `| None` only when the target is Python 3.10+ or the module uses',
        '`from __future__ import annotations`; otherwise it is left for you to widen. No fix is offered when the',
        'default reads a variable (`[count]`): inside the body it would be read at each call, where a parameter or',
        'a later assignment can change what it refers to.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Default to None and build the value in the body' },
    peers: [
      { tool: 'ruff', code: 'B006', name: 'mutable-argument-default' },
      { tool: 'flake8-bugbear', code: 'B006', name: 'mutable-argument-default' },
      { tool: 'pylint', code: 'W0102', name: 'dangerous-default-value' },
    ],
    narrower: [
      'B006 and W0102 flag every mutable default; this rule flags those whose sharing the function can be seen to',
      'expose, and leaves deliberate state alone — on the ecosystem corpus, a few percent of the mutable defaults,',
      'with no wrong finding among them. A default passed to another function that changes it, or returned and',
      'changed by callers, is out of its sight: B006 is the wider net for that.',
    ].join(' '),
  },
  visit: {
    nodes: { function_definition: checkFunction, class_definition: checkClass },
  },
});
