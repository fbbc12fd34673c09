import type { Node } from 'web-tree-sitter';
import { classKind } from '../engine/semantic/classes';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { calleeOf, namedChildren } from '../engine/syntax';
import { dataclassField, defaultFactoryFix, FIELD_UNIT, mutableDefault, type DataclassField } from './dataclass-fields';

/**
 * Calls whose result is meant to differ from call to call — the clock, randomness, fresh ids —
 * with the most arguments at which they still do: `time.localtime(0)` is a fixed moment.
 */
const VARYING = new Map<string, number>([
  ...['datetime.datetime.now', 'uuid.uuid1'].map((name) => [name, Infinity] as const),
  ...['datetime.datetime.utcnow', 'datetime.datetime.today', 'datetime.date.today', 'uuid.uuid4'].map((name) => [name, 0] as const),
  ...['time', 'time_ns', 'monotonic', 'monotonic_ns', 'perf_counter', 'perf_counter_ns', 'process_time', 'process_time_ns', 'localtime', 'gmtime', 'ctime', 'asctime'].map(
    (name) => [`time.${name}`, 0] as const,
  ),
  ['time.strftime', 1],
  ...['random', 'randint', 'randrange', 'randbytes', 'getrandbits', 'choice', 'choices', 'sample', 'uniform', 'gauss', 'normalvariate', 'triangular'].map(
    (name) => [`random.${name}`, Infinity] as const,
  ),
  ...['token_bytes', 'token_hex', 'token_urlsafe', 'choice', 'randbelow', 'randbits'].map((name) => [`secrets.${name}`, Infinity] as const),
  ['os.urandom', Infinity],
]);

/** Objects whose point is their changing state: one of them shared by every instance is rarely what a field means. */
const STATEFUL = [
  ...['Lock', 'RLock', 'Event', 'Condition', 'Semaphore', 'BoundedSemaphore'].map((name) => `threading.${name}`),
  ...['Lock', 'Event', 'Condition', 'Semaphore', 'BoundedSemaphore', 'Queue', 'LifoQueue', 'PriorityQueue'].map((name) => `asyncio.${name}`),
  ...['Queue', 'SimpleQueue', 'LifoQueue', 'PriorityQueue'].map((name) => `queue.${name}`),
  'io.StringIO',
  'io.BytesIO',
];

const check: NodeHandler = (assignment, context) => {
  const field = dataclassField(assignment, context);
  // Mutable containers are PH206's.
  if (!field || mutableDefault(field.value, context)) return;
  const varying = varyingCall(field.value, context);
  const shared = varying ? undefined : sharedObjectCall(field.value, context);
  const call = varying ?? shared;
  if (!call) return;
  const written = context.text(call);
  context.report({
    node: field.value,
    message: varying
      ? `\`${written}\` runs once, when the class is created: every instance gets the same \`${field.name}\``
      : `\`${written}\` builds one object when the class is created, and every instance shares it as \`${field.name}\``,
    fix: call.id === field.value.id ? callFactoryFix(field, call, context) : undefined,
  });
};

/** The first clock, random or id call in the default, outside any lambda. */
function varyingCall(value: Node, context: RuleContext): Node | undefined {
  return value.descendantsOfType('call').find((call): call is Node => {
    if (!call || insideLambda(call, value)) return false;
    const qualified = context.semantic.qualifiedName(calleeOf(call));
    const limit = qualified === undefined ? undefined : VARYING.get(qualified);
    return limit !== undefined && namedChildren(call.childForFieldName('arguments')).length <= limit;
  });
}

/** Whether a lambda between `node` and `root` (or `root` itself) defers the call. */
function insideLambda(node: Node, root: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'lambda') return true;
    if (current.id === root.id) return false;
  }
  return false;
}

/**
 * The default itself when it builds a stateful object: a lock, queue or buffer, or an instance
 * of a mutable dataclass of this module (a frozen one cannot be changed, so sharing it is fine).
 */
function sharedObjectCall(value: Node, context: RuleContext): Node | undefined {
  if (value.type !== 'call') return undefined;
  const callee = calleeOf(value);
  if (context.semantic.matches(callee, ...STATEFUL)) return value;
  const binding = callee.type === 'identifier' ? context.semantic.resolve(callee) : undefined;
  const local = binding?.kind === 'class' && binding.scope === context.semantic.module ? context.facts.classes.get(callee.text) : undefined;
  const kind = local && classKind(local, (name) => context.facts.classes.get(name));
  return kind?.dataclass && !kind.frozen ? value : undefined;
}

/** `field(default_factory=<callee>)` for a call without arguments. */
function callFactoryFix(field: DataclassField, call: Node, context: RuleContext) {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list' || namedChildren(argumentList).length > 0) return undefined;
  return defaultFactoryFix(field, context.text(calleeOf(call)), context);
}

export default defineRule({
  meta: {
    code: 'PH207',
    name: 'call-in-dataclass-default',
    kind: 'correctness',
    selection: 'default',
    category: 'classes',
    severity: 'warning',
    minPython: [3, 7],
    message: 'A dataclass field default that calls the clock, randomness or a constructor runs once, when the class is created',
    docs: {
      what: [
        'Flags fields of a `@dataclass` whose default calls something meant to give a new value each time — the clock',
        '(`datetime.now()`, `date.today()`, `time.time()`, …), randomness (`random.*`, `secrets.*`, `os.urandom()`) or a',
        'fresh id (`uuid.uuid1()`, `uuid.uuid4()`), also inside a larger expression such as `str(uuid4())` — and',
        'fields whose default is a single stateful object: a `threading`/`asyncio` lock, event, semaphore or queue, a',
        '`queue` queue, an `io.StringIO`/`BytesIO` buffer, or an instance of a non-frozen dataclass defined in the same',
        'module. Immutable values (`timedelta(...)`, `Decimal(...)`, `re.compile(...)`, `Path(...)`, `frozenset()`),',
        'reads of configuration such as `os.environ.get(...)`, and mutable containers (PH206) are not flagged.',
      ].join(' '),
      why: [
        'A default is an expression in the class body, so it runs exactly once, when the module defines the class.',
        'Every instance created without that argument receives the result of that single call: all records carry the',
        'import time as their timestamp, all "unique" ids are equal, and every object locks the same lock or fills the',
        'same queue. Python 3.11 and later even reject an instance of a regular (unhashable) dataclass as a default',
        'with `ValueError`; older versions share it silently.',
        '',
        'To get a value per instance, pass the callable itself as `field(default_factory=...)`; `__init__` calls it',
        'each time.',
      ].join('\n'),
      example: [
        'from dataclasses import dataclass',
        'from datetime import datetime',
        '',
        '@dataclass',
        'class AuditEntry:',
        '    action: str',
        '    recorded_at: datetime = datetime.now()',
      ].join('\n'),
      instead: [
        'from dataclasses import dataclass, field',
        'from datetime import datetime',
        '',
        '@dataclass',
        'class AuditEntry:',
        '    action: str',
        '    recorded_at: datetime = field(default_factory=datetime.now)',
      ].join('\n'),
      fixSafety: [
        'When the default is a call without arguments, the fix passes the callee as `field(default_factory=...)`',
        '(importing `field`, or writing `dataclasses.field` when the decorator is spelled through the module). It is',
        'unsafe: each instance then gets its own value, which is the point, but code that read the shared default',
        'through the class (`AuditEntry.recorded_at`) stops finding it, since a field with a factory leaves no class',
        'attribute behind. Calls with arguments and defaults that wrap the call get no fix: write the `lambda` yourself.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Use field(default_factory=...)' },
    peers: [{ tool: 'ruff', code: 'RUF009', name: 'function-call-in-dataclass-default-argument' }],
  },
  visit: {
    nodes: { assignment: check },
    // Every way of making a dataclass names it: the decorator, or the import of an alias.
    sourceIncludes: 'dataclass',
    unitIncludes: FIELD_UNIT,
  },
});
