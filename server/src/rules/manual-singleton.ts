import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { bodyStatements, namedChildren, parameterNames } from '../engine/syntax';
import { holdsText } from '../engine/text-search';

/** Parameter names that say a decorator receives a class. */
const CLASS_PARAMETERS = new Set(['cls', 'klass', 'kls', 'class_', 'cls_']);
const IDENTITY_HOOKS = ['__reduce__', '__reduce_ex__', '__copy__', '__deepcopy__'];

/** Forms 1 and 2: `__new__` returning an instance cached on the class, or a metaclass `__call__` caching per class. */
const checkClass: NodeHandler = (definition, context) => {
  // Both forms need one of these methods; a text search spares most classes the rest.
  const text = context.text(definition);
  if (!holdsText(text, '__new__') && !holdsText(text, '__call__')) return;
  const name = definition.childForFieldName('name');
  if (!name) return;
  const dunders = new Set(context.semantic.classFacts(definition).dunders);
  const constructor = dunders.has('__new__') ? context.semantic.methodOf(definition, '__new__') : undefined;
  if (constructor && !isSentinel(dunders) && cachesInstance(constructor, [context.text(name)], context, '__new__')) {
    context.report({
      node: name,
      message: `\`${context.text(name)}\` hand-writes a singleton in \`__new__\`; a module-level instance gives one shared object without it`,
    });
    return;
  }
  const call = dunders.has('__call__') ? context.semantic.methodOf(definition, '__call__') : undefined;
  if (call && isMetaclass(definition, context) && cachesInstance(call, [], context, '__call__')) {
    context.report({
      node: name,
      message: `The metaclass \`${context.text(name)}\` caches one instance per class in \`__call__\`; a module-level instance is simpler`,
    });
  }
};

/** Form 3: `def singleton(cls)` returning an inner function that caches `cls(...)`. */
const checkDecorator: NodeHandler = (definition, context) => {
  // `def name(cls)`: one plain parameter, read from the text, which is cheaper than the nodes of every function.
  const header = /^def\s+(\w+)\s*\(\s*([A-Za-z_]\w*)\s*,?\s*\)/.exec(context.text(definition));
  if (!header || !(CLASS_PARAMETERS.has(header[2]) || /singleton/i.test(header[1]))) return;
  const cls = header[2];
  const name = definition.childForFieldName('name')!;
  const statements = bodyStatements(definition);
  const returned = statements.find((statement) => statement.type === 'return_statement')?.firstNamedChild;
  if (returned?.type !== 'identifier') return;
  const wrapper = statements
    .map((statement) => (statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement))
    .find((statement) => statement?.type === 'function_definition' && statement.childForFieldName('name')?.text === returned.text);
  if (!wrapper || !wrapperCaches(wrapper, cls, context)) return;
  context.report({
    node: name,
    message: `The decorator \`${context.text(name)}\` turns a class into a cached factory by hand; a module-level instance is simpler`,
  });
};

/**
 * A sentinel value (like numpy's `_NoValue`) needs `__new__` to hand back the one object when
 * pickle or copy recreate it, which a module-level instance alone does not do. Its marks: hooks
 * for pickling or copying, or a custom `__repr__` with nothing to initialise.
 */
function isSentinel(dunders: ReadonlySet<string>): boolean {
  if (IDENTITY_HOOKS.some((hook) => dunders.has(hook))) return true;
  return dunders.has('__repr__') && !dunders.has('__init__');
}

function isMetaclass(definition: Node, context: RuleContext): boolean {
  return context.semantic.classKind(definition).metaclass;
}

/**
 * Whether a `__new__` or metaclass `__call__` returns a slot it also assigns, where the slot
 * belongs to the class: `cls._instance`, or a mapping keyed by the class (`cls._instances[cls]`).
 * A mapping keyed by anything else interns values (a flyweight), which is not a singleton.
 */
function cachesInstance(method: Node, classNames: string[], context: RuleContext, creator: '__new__' | '__call__'): boolean {
  const [cls] = parameterNames(method.childForFieldName('parameters'), context.text);
  if (!cls || cls.startsWith('*')) return false;
  const owners = new Set([cls, ...classNames]);
  const body = method.childForFieldName('body');
  if (!body || !context.text(body).includes(`${creator}(`)) return false;
  const assigned = new Set(
    body.descendantsOfType('assignment').map((assignment) => compact(context, assignment?.childForFieldName('left'))),
  );
  return body.descendantsOfType('return_statement').some((statement) => {
    const value = statement?.firstNamedChild;
    if (!value || !assigned.has(compact(context, value))) return false;
    if (value.type === 'attribute') return owners.has(context.text(value.childForFieldName('object')!));
    return value.type === 'subscript' && context.text(value.childForFieldName('subscript')!) === cls;
  });
}

/** Whether a decorator's inner function stores `cls(...)` somewhere that outlives the call and returns it. */
function wrapperCaches(wrapper: Node, cls: string, context: RuleContext): boolean {
  const body = wrapper.childForFieldName('body');
  if (!body) return false;
  const declared = new Set(
    body.descendantsOfType(['nonlocal_statement', 'global_statement']).flatMap((statement) => namedChildren(statement).map((name) => name.text)),
  );
  const localNames = new Set<string>();
  const slots = new Set<string>();
  for (const assignment of body.descendantsOfType('assignment')) {
    const left = assignment?.childForFieldName('left');
    const right = assignment?.childForFieldName('right');
    if (!left || !right) continue;
    if (left.type === 'identifier') localNames.add(left.text);
    if (right.type !== 'call' || context.text(right.childForFieldName('function')!) !== cls) continue;
    // The slot must survive the call: a variable declared nonlocal, or a mapping entry keyed by the class.
    if (left.type === 'identifier' && declared.has(left.text)) slots.add(left.text);
    if (left.type === 'subscript' && context.text(left.childForFieldName('subscript')!) === cls) slots.add(compact(context, left));
  }
  // A mapping created inside the wrapper is new on every call.
  for (const slot of slots) {
    const mapping = /^(\w+)\[/.exec(slot)?.[1];
    if (mapping && localNames.has(mapping) && !declared.has(mapping)) slots.delete(slot);
  }
  if (slots.size === 0) return false;
  return body.descendantsOfType('return_statement').some((statement) => {
    const value = statement?.firstNamedChild;
    return value !== null && value !== undefined && slots.has(compact(context, value));
  });
}

/** A node's text without whitespace, so `d[cls]` and `d[ cls ]` compare equal. */
function compact(context: RuleContext, node: Node | null | undefined): string {
  return node ? context.text(node).replace(/\s+/g, '') : '';
}

export default defineRule({
  meta: {
    code: 'PH201',
    name: 'manual-singleton',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'classes',
    severity: 'information',
    minPython: [3, 0],
    message: 'A hand-written singleton; a module-level instance gives one shared object with less machinery',
    docs: {
      what: [
        'Flags the three hand-made singletons: a class whose `__new__` stores the instance on the class and returns it,',
        'a metaclass whose `__call__` caches one instance per class, and a class decorator that replaces the class with',
        'a function returning a cached instance. Sentinel classes are skipped: those that define pickling or copying',
        'hooks, or a `__repr__` and no `__init__`, since `__new__` is what keeps them unique when pickle or copy recreate them.',
      ].join(' '),
      why: [
        'A module is already created once and shared by every importer, so an instance made at module level is the',
        'singleton — no machinery needed. The hand-made versions each add a trap: with `__new__`, `__init__` still runs',
        'on every `Config()` call and resets the shared object; a metaclass collides with any other metaclass the class',
        'needs; a decorator replaces the class by a function, so `isinstance()` checks and subclassing break. Hidden global',
        'state is also hard to reset between tests.',
        '',
        'If the object must be created lazily, put `@functools.cache` (Python 3.9+; `lru_cache(maxsize=None)` before)',
        'on a factory function: the first call builds it, later calls return the same object.',
      ].join('\n'),
      example: [
        'class Settings:',
        '    _instance = None',
        '',
        '    def __new__(cls):',
        '        if cls._instance is None:',
        '            cls._instance = super().__new__(cls)',
        '        return cls._instance',
      ].join('\n'),
      instead: [
        'import functools',
        '',
        'class Settings:',
        '    ...',
        '',
        'settings = Settings()  # import this one object everywhere',
        '',
        '@functools.cache',
        'def get_settings() -> Settings:  # or build it on first use',
        '    return Settings()',
      ].join('\n'),
    },
  },
  visit: {
    nodes: { class_definition: checkClass, function_definition: checkDecorator },
  },
});
