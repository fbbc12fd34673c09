// What the module facts know of coroutines, read from function bodies: which coroutines return a
// computed value, and which calls the module runs concurrently over a collection (`gather` over a
// comprehension, `create_task` in a loop). Only statements whose text has `async def` or a fan-out
// call are walked for them.

import type { Node } from 'web-tree-sitter';
import { bodyStatements, definitionStatement, enclosingClass, enclosingFunction, isAsync, namedChildren, substringFirst } from '../syntax';
import { holdsText } from '../text-search';
import { COMPREHENSIONS, enclosingScopeNodes, localScope } from './local-scopes';

const ASYNC_DEF_TEXT = substringFirst(/\basync[ \t]+def\b/, 'async');
/** `return` with something after it on its line: text every coroutine that returns a value has. */
const RETURN_VALUE_TEXT = /\breturn[ \t]+[^\s#;]/;

/** The coroutines of a top-level statement that return a computed value: an `async def`, or one in a class's body (as `Class.method`). */
export function valueCoroutinesOf(statement: Node, text: string): string[] {
  if (!ASYNC_DEF_TEXT.test(text) || !RETURN_VALUE_TEXT.test(text)) return [];
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  const name = definition?.childForFieldName('name')?.text;
  if (!definition || name === undefined) return [];
  const textOf = (node: Node) => text.slice(node.startIndex - statement.startIndex, node.endIndex - statement.startIndex);
  if (definition.type === 'function_definition') return returnsComputedValue(definition, textOf(definition)) ? [name] : [];
  if (definition.type !== 'class_definition') return [];
  // The class keeps a method's last definition.
  const methods = new Map<string, boolean>();
  for (const member of bodyStatements(definition)) {
    const method = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    const methodName = method?.type === 'function_definition' ? method.childForFieldName('name')?.text : undefined;
    if (method && methodName !== undefined) methods.set(methodName, returnsComputedValue(method, textOf(method)));
  }
  return [...methods].filter(([, returns]) => returns).map(([method]) => `${name}.${method}`);
}

/** What a coroutine may return as a status (`return True`, `return -1`) rather than as a result. */
const CONSTANTS = new Set(['none', 'true', 'false', 'integer', 'float', 'concatenated_string']);
const RETURN_OR_YIELD = /\b(?:return|yield)\b/g;

/**
 * Whether a function (whose source is `text`) is a coroutine — `async def` without `yield` — that
 * returns a computed value somewhere: not only bare `return`, `return None` or constants. Its
 * `return` and `yield` keywords are found in the text rather than by walking the body.
 */
export function returnsComputedValue(definition: Node, text: string): boolean {
  if (!isAsync(definition) || !RETURN_VALUE_TEXT.test(text)) return false;
  let returnsValue = false;
  for (const match of text.matchAll(RETURN_OR_YIELD)) {
    const start = definition.startIndex + match.index;
    const keyword = definition.descendantForIndex(start, start + match[0].length);
    const statement = keyword?.parent;
    if (!statement || keyword.startIndex !== start || keyword.type !== match[0] || ownerOf(statement)?.id !== definition.id) continue;
    if (statement.type === 'yield') return false;
    const value = statement.type === 'return_statement' ? namedChildren(statement)[0] : undefined;
    if (value && !isConstant(value)) returnsValue = true;
  }
  return returnsValue;
}

/** The function, lambda or class whose own code a node is. */
function ownerOf(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') return current;
  }
  return null;
}

function isConstant(expression: Node): boolean {
  if (expression.type === 'unary_operator') return namedChildren(expression).every(isConstant);
  if (expression.type === 'string') return !namedChildren(expression).some((part) => part.type === 'interpolation');
  return CONSTANTS.has(expression.type);
}

/** Calls that run the coroutines they are given concurrently, by the last name of their callee. */
const FAN_OUT_NAMES = ['gather', 'wait', 'as_completed', 'create_task', 'ensure_future', 'start_soon'];
const FAN_OUT_CALLS = new RegExp(String.raw`\b(${FAN_OUT_NAMES.join('|')})\s*\(`, 'g');

/**
 * The callees (`fetch`, `self.fetch`) of the calls a node runs concurrently over a collection:
 * `gather(*…)`, `wait(…)` and `as_completed(…)` of a comprehension of calls (also through a list the
 * function builds by one or fills in a loop, or `map(fetch, urls)`), and `create_task(fetch(u))`,
 * `ensure_future(…)` or `start_soon(fetch, u)` in a loop or comprehension. Found where the text says
 * so, not by walking every call.
 */
export function fannedOutCallees(root: Node, text: string = root.text, documentHolds: (name: string) => boolean = () => true): Node[] {
  const callees: Node[] = [];
  // The names first (and in the document first, when its caller knows): most statements hold none,
  // and the pattern's search is slower than theirs.
  if (!FAN_OUT_NAMES.some((name) => documentHolds(name) && holdsText(text, name))) return callees;
  for (const match of text.matchAll(FAN_OUT_CALLS)) {
    const call = callNamed(root, root.startIndex + match.index, match[1].length);
    if (!call) continue;
    const positional = positionalArguments(call);
    const first = positional[0];
    switch (match[1]) {
      case 'gather':
        for (const argument of positional) if (argument.type === 'list_splat') callees.push(...collectionCallees(argument.firstNamedChild, call));
        break;
      case 'wait':
      case 'as_completed':
        callees.push(...collectionCallees(first, call));
        break;
      case 'start_soon':
        if ((first?.type === 'identifier' || first?.type === 'attribute') && isRepeated(call)) callees.push(first);
        break;
      default:
        if (isRepeated(call)) callees.push(...elementCallees(first));
    }
  }
  return callees;
}

/** The call whose callee ends in the name at `start` (`gather` of `asyncio.gather(`), if that name is one. */
function callNamed(root: Node, start: number, length: number): Node | undefined {
  const name = root.descendantForIndex(start, start + length);
  if (name?.type !== 'identifier' || name.startIndex !== start) return undefined;
  const parent = name.parent;
  const callee = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === name.id ? parent : name;
  const call = callee.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === callee.id ? call : undefined;
}

function positionalArguments(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  return list?.type === 'argument_list' ? namedChildren(list).filter((argument) => argument.type !== 'keyword_argument' && argument.type !== 'dictionary_splat') : [];
}

/** The callees of the calls a collection holds: a comprehension's element, `map(fetch, …)`, or a local list built of such calls. */
function collectionCallees(expression: Node | null | undefined, at: Node): Node[] {
  if (!expression) return [];
  if (COMPREHENSIONS.has(expression.type)) return elementCallees(expression.childForFieldName('body'));
  if (expression.type === 'identifier') return filledListCallees(expression, at);
  if (expression.type !== 'call' || expression.childForFieldName('function')?.text !== 'map') return [];
  const mapped = positionalArguments(expression)[0];
  return mapped?.type === 'identifier' || mapped?.type === 'attribute' ? [mapped] : [];
}

/** The callee of a coroutine call (`fetch(u)`), also when it is made a task (`create_task(fetch(u))`). */
function elementCallees(expression: Node | null | undefined): Node[] {
  const callee = expression?.type === 'call' ? expression.childForFieldName('function') : null;
  if (!expression || (callee?.type !== 'identifier' && callee?.type !== 'attribute')) return [];
  const last = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee.text;
  return last === 'create_task' || last === 'ensure_future' ? elementCallees(positionalArguments(expression)[0]) : [callee];
}

/** For `gather(*tasks)`: the calls `tasks` holds when its function builds it by a comprehension or fills it in a loop (`tasks.append(fetch(u))`). */
function filledListCallees(name: Node, at: Node): Node[] {
  const scopeNode = enclosingFunction(at);
  if (!scopeNode) return [];
  // The list is assigned a comprehension (a bracket follows on the logical line: `a = b = [f(u) …]`
  // too) or filled by a method: the function's text says whether it may be, before its scope is
  // built (`event.wait(timeout)` in `def wait(self, timeout=None)` is neither).
  const text = scopeNode.text;
  const assigned = String.raw`[\s\\]*(?::[^=\n]*)?=(?!=)(?:[^\r\n\\]|\\[^])*?[[{(]`;
  if (!new RegExp(String.raw`(?<![\w.])${name.text}(?:${assigned}|\s*\.\s*(?:append|add)\s*\()`).test(text)) return [];
  const callees: Node[] = [];
  for (const binding of localScope(scopeNode).bindings.get(name.text) ?? []) {
    if (binding.value && COMPREHENSIONS.has(binding.value.type)) callees.push(...elementCallees(binding.value.childForFieldName('body')));
  }
  const filling = new RegExp(`(?<![\\w.])${name.text}\\s*\\.\\s*(?:append|add)\\s*\\(`, 'g');
  for (const match of text.matchAll(filling)) {
    const start = scopeNode.startIndex + match.index;
    const receiver = scopeNode.descendantForIndex(start, start + name.text.length);
    const method = receiver?.parent;
    const call = method?.parent;
    if (receiver?.type !== 'identifier' || receiver.startIndex !== start || method?.type !== 'attribute' || call?.type !== 'call' || call.childForFieldName('function')?.id !== method.id) continue;
    if (isRepeated(call)) callees.push(...elementCallees(positionalArguments(call)[0]));
  }
  return callees;
}

/** Whether a node runs once per item: in the body of a loop or the element of a comprehension, within its own function. */
function isRepeated(node: Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'class_definition') return false;
    const loops = parent.type === 'for_statement' || parent.type === 'while_statement' || COMPREHENSIONS.has(parent.type);
    if (loops && parent.childForFieldName('body')?.id === child.id) return true;
  }
  return false;
}

/**
 * How the facts name a fanned-out callee: `fetch` for a name no local scope binds, `Client.fetch`
 * for `self.fetch` in a method of the top-level class `Client` (`self` being its first parameter).
 */
export function fanOutName(callee: Node): string | undefined {
  if (callee.type === 'identifier') return bindingScope(callee) === undefined ? callee.text : undefined;
  const receiver = callee.childForFieldName('object');
  const attribute = callee.childForFieldName('attribute');
  if (receiver?.type !== 'identifier' || !attribute) return undefined;
  const method = bindingScope(receiver);
  const owner = method?.type === 'function_definition' ? enclosingClass(method) : null;
  const className = owner?.childForFieldName('name')?.text;
  if (!method || !owner || className === undefined || definitionStatement(owner).parent?.type !== 'module') return undefined;
  const first = namedChildren(method.childForFieldName('parameters'))[0];
  const self = first?.type === 'typed_parameter' ? first.firstNamedChild : first;
  return self?.type === 'identifier' && self.text === receiver.text ? `${className}.${attribute.text}` : undefined;
}

/** The function, lambda or comprehension whose scope binds a name where it is read; nothing for the module's and builtin names. */
function bindingScope(identifier: Node): Node | undefined {
  for (const scopeNode of enclosingScopeNodes(identifier)) {
    if (scopeNode.type === 'class_definition') continue;
    const scope = localScope(scopeNode);
    if (scope.globals.has(identifier.text)) return undefined;
    if (scope.bindings.has(identifier.text)) return scopeNode;
  }
  return undefined;
}
