import type { Node } from 'web-tree-sitter';
import type { ModuleFacts } from '../engine/facts';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { isOneOf } from '../engine/semantic/classes';
import { qualifiedInModule } from '../engine/semantic/model';
import { isAsync, namedChildren, ownScopeNodes } from '../engine/syntax';

const LOCALS = ['threading.local', '_threading_local.local'];
const TARGET_CONTAINERS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression']);

/** The first attribute a coroutine sets or deletes on a module-level `threading.local`. */
const check: NodeHandler = (definition, context) => {
  if (!isAsync(definition)) return;
  const locals = threadLocalNames(context.facts);
  const body = definition.childForFieldName('body');
  if (locals.size === 0 || !body || ![...locals].some((name) => body.text.includes(name))) return;
  for (const statement of ownScopeNodes(body, ['assignment', 'augmented_assignment', 'delete_statement', 'call'])) {
    for (const { local, attribute, node } of writtenAttributes(statement, context)) {
      if (!locals.has(local.text) || context.semantic.resolve(local)?.scope !== context.semantic.module) continue;
      if (initialisesOnce(node, local.text, attribute, definition)) continue;
      context.report({
        node,
        message: `\`${local.text}\` is a \`threading.local\`: every task on the event loop's thread shares it, so other tasks see this value; use a \`contextvars.ContextVar\``,
      });
      return;
    }
  }
};

const namesByFacts = new WeakMap<ModuleFacts, ReadonlySet<string>>();

/** Module-level names bound once to `threading.local()`, or to an instance of the module's subclass of it. */
function threadLocalNames(facts: ModuleFacts): ReadonlySet<string> {
  let names = namesByFacts.get(facts);
  if (names) return names;
  const found = new Set<string>();
  for (const [name, bindings] of facts.bindings) {
    const effective = bindings.filter((binding) => !binding.fallback);
    const callee = effective.length === 1 && effective[0].kind === 'assignment' ? effective[0].callee : undefined;
    if (callee === undefined) continue;
    const subclass = facts.classes.get(callee);
    // Every way the module binds the callee: `from asgiref.local import Local`, falling back to threading's, is task-safe when it can be.
    const qualified = qualifiedInModule(facts, callee);
    if ((qualified.length > 0 && qualified.every((each) => LOCALS.includes(each))) || subclass?.bases.some((base) => isOneOf(base, LOCALS))) found.add(name);
  }
  namesByFacts.set(facts, (names = found));
  return names;
}

interface Write {
  local: Node;
  attribute: string;
  /** What to underline: the `local.attribute` target, or the `setattr(…)` call. */
  node: Node;
}

/** `x.a = …`, `x.a, y = …`, `x.a += …`, `del x.a`, `setattr(x, "a", …)`, `delattr(x, "a")` with `x` a plain name. */
function writtenAttributes(statement: Node, context: RuleContext): Write[] {
  if (statement.type === 'call') {
    const callee = statement.childForFieldName('function')!;
    const [target, name] = namedChildren(statement.childForFieldName('arguments'));
    if (!(context.semantic.isBuiltin(callee, 'setattr') || context.semantic.isBuiltin(callee, 'delattr')) || target?.type !== 'identifier') return [];
    return [{ local: target, attribute: name?.type === 'string' ? name.text.slice(1, -1) : '', node: statement }];
  }
  const targets = statement.type === 'delete_statement' ? namedChildren(statement) : [statement.childForFieldName('left')!];
  return targets.flatMap(attributeTargets).flatMap((target) => {
    const local = target.childForFieldName('object');
    return local?.type === 'identifier' ? [{ local, attribute: target.childForFieldName('attribute')!.text, node: target }] : [];
  });
}

function attributeTargets(target: Node): Node[] {
  if (target.type === 'attribute') return [target];
  return TARGET_CONTAINERS.has(target.type) ? namedChildren(target).flatMap(attributeTargets) : [];
}

/**
 * A per-thread cache filled on first use — `if not hasattr(local, "client"): local.client = …`, or
 * in `except AttributeError:` — is deliberate: one client per thread (per event loop) is the point.
 */
function initialisesOnce(write: Node, local: string, attribute: string, definition: Node): boolean {
  const read = new RegExp(`\\b${local}\\s*(\\.\\s*${attribute}\\b|,\\s*['"]${attribute}['"])`);
  for (let node = write.parent; node && node.id !== definition.id; node = node.parent) {
    if (node.type === 'if_statement' && read.test(node.childForFieldName('condition')?.text ?? '')) return true;
    if (node.type === 'except_clause' && /\bAttributeError\b/.test(node.namedChildren.find((child) => child?.type !== 'block' && child?.type !== 'comment')?.text ?? '')) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    code: 'PH407',
    name: 'threading-local-in-async',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'async',
    severity: 'warning',
    minPython: [3, 7],
    message: 'A `threading.local` set in a coroutine is shared by every task on the event loop: use a `contextvars.ContextVar`',
    docs: {
      what: [
        'Flags a coroutine (`async def`) that sets or deletes an attribute of a module-level `threading.local()`',
        '(or of an instance of the module\'s subclass of it): `state.user = …`, `state.depth += 1`, `del state.user`,',
        '`setattr(state, …)`. Reading the local is left alone, and so is a per-thread cache filled on first use',
        '(`if not hasattr(state, "client"): state.client = …`), where sharing within the thread is the point.',
        'Sync functions — thread-pool workers — using the local are fine.',
      ].join(' '),
      why: [
        'A `threading.local` gives each *thread* its own attributes. An event loop runs all of its tasks on one',
        'thread, so every task sees the same attributes: a value one request stores is read, overwritten or deleted',
        'by whichever task runs next, after any `await`. Data leaks between requests, usually only under load.',
        '',
        'A `contextvars.ContextVar` is what per-task state needs: each task runs in a copy of the context it was',
        'created in, so a value set by one task stays with it and the tasks it starts. Set it with `var.set(value)`',
        '(keep the token to `var.reset(token)`), read it with `var.get(default)`.',
      ].join('\n'),
      example: ['import threading', '', '_request = threading.local()', '', 'async def handle(request):', '    _request.user = request.user', '    return await render_page()'].join('\n'),
      instead: ['import contextvars', '', 'current_user = contextvars.ContextVar("current_user")', '', 'async def handle(request):', '    current_user.set(request.user)', '    return await render_page()'].join('\n'),
    },
  },
  visit: {
    nodes: { function_definition: check },
    sourceIncludes: 'threading',
  },
});
