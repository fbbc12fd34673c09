// Small questions about Python syntax trees that several rules ask.

import type { Node, Tree } from 'web-tree-sitter';
import { parsedText } from './parser';
import type { TextTest } from './rule';
import { holdsText } from './text-search';

/** The named children of a node but its comments (and the nulls web-tree-sitter's arrays may hold); a child is asked its type only when its text starts with `#`. */
export function namedChildren(node: Node | null | undefined): Node[] {
  if (!node) return [];
  const source = parsedText(node.tree);
  return node.namedChildren.filter((child): child is Node => child !== null && !(source === undefined ? child.type === 'comment' : isComment(child, source)));
}

/** Whether a `def`, `with` or `for` is its `async` form: asked of the tree only when its text starts so. */
export function isAsync(node: Node): boolean {
  const source = parsedText(node.tree);
  return (source === undefined || source.startsWith('async', node.startIndex)) && node.firstChild?.type === 'async';
}

/** Whether a node is a comment, asked of its type (a call into wasm) only when its text starts with `#`. */
export function isComment(node: Node, source: string): boolean {
  return source.charCodeAt(node.startIndex) === 0x23 && node.type === 'comment';
}

/** The decorator expressions (without `@`) of a function or class definition, top to bottom. */
export function decoratorsOf(definition: Node): Node[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return namedChildren(parent)
    .filter((child) => child.type === 'decorator')
    .map((decorator) => decorator.firstNamedChild)
    .filter((expression): expression is Node => expression !== null);
}

/** The statement that holds a definition: its `decorated_definition` when it has decorators. */
export function definitionStatement(definition: Node): Node {
  return definition.parent?.type === 'decorated_definition' ? definition.parent : definition;
}

/** The callee of a decorator or call expression: `functools.wraps` in `@functools.wraps(f)`. */
export function calleeOf(expression: Node): Node {
  return expression.type === 'call' ? (expression.childForFieldName('function') ?? expression) : expression;
}

/**
 * The dotted name an expression is built on: `dataclass` in `dataclass(frozen=True)`, `ClassVar`
 * in `ClassVar[int]`, `typing.Generic` in `typing.Generic[T]`; an annotation's own expression.
 */
export function headOf(expression: Node): Node {
  let head = expression;
  for (;;) {
    const inner =
      head.type === 'call' ? head.childForFieldName('function') : head.type === 'subscript' ? head.childForFieldName('value') : head.type === 'generic_type' || head.type === 'type' ? head.firstNamedChild : null;
    if (!inner) return head;
    head = inner;
  }
}

const bodiesByTree = new WeakMap<Tree, Map<number, readonly Node[]>>();

const moduleStatementsByTree = new WeakMap<Tree, readonly Node[]>();

/** The module's statements (without its comments), kept per tree: the module facts and the analysis units both list them. */
export function moduleStatements(root: Node, source: string): readonly Node[] {
  let statements = moduleStatementsByTree.get(root.tree);
  if (!statements) moduleStatementsByTree.set(root.tree, (statements = root.namedChildren.filter((node): node is Node => node !== null && !isComment(node, source))));
  return statements;
}

/**
 * The statements of a function's or class's body. Several rules ask this of the same class, and
 * building the node objects is the costly part, so the answer is kept per tree and node.
 */
export function bodyStatements(definition: Node): readonly Node[] {
  let bodies = bodiesByTree.get(definition.tree);
  if (!bodies) bodiesByTree.set(definition.tree, (bodies = new Map()));
  let statements = bodies.get(definition.id);
  if (!statements) bodies.set(definition.id, (statements = namedChildren(definition.childForFieldName('body'))));
  return statements;
}

/** The body's statements after a leading docstring. */
export function statementsAfterDocstring(definition: Node): readonly Node[] {
  const statements = bodyStatements(definition);
  return statements.length > 0 && isDocstring(statements[0]) ? statements.slice(1) : statements;
}

export function isDocstring(statement: Node): boolean {
  return statement.type === 'expression_statement' && statement.namedChildCount === 1 && statement.firstNamedChild?.type === 'string';
}

/** The innermost function that encloses a node (not the node itself), if any. */
export function enclosingFunction(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'lambda') return current;
  }
  return null;
}

/**
 * Whether a definition lies outside any function or class: at module level, or in a top-level
 * `if`/`try`/`with` block, where `ModuleFacts` also looks.
 */
export function isModuleLevel(definition: Node): boolean {
  for (let node = definition.parent; node; node = node.parent) {
    const type = node.type;
    if (type === 'function_definition' || type === 'class_definition' || type === 'lambda') return false;
  }
  return true;
}

/** The class whose body directly holds a definition (through its decorators), if any. */
export function enclosingClass(definition: Node): Node | null {
  const block = definitionStatement(definition).parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : null;
}

/** The names of a function's parameters in order, `*args`/`**kwargs` with their stars. */
export function parameterNames(parameters: Node | null, text: (node: Node) => string): string[] {
  return namedChildren(parameters).map((parameter) => {
    switch (parameter.type) {
      case 'identifier':
        return text(parameter);
      case 'default_parameter':
      case 'typed_default_parameter':
        return text(parameter.childForFieldName('name')!);
      case 'typed_parameter':
        // `x: int`, `*args: int` or `**kwargs: int`: the first child is the name with its stars.
        return text(parameter.firstNamedChild!);
      default:
        return text(parameter);
    }
  });
}

/** `attr` when the node is `receiver.attr` with a plain name for the receiver (`self.attr` for `self`). */
export function attributeOf(node: Node | null | undefined, receiver: string, text: (node: Node) => string): string | undefined {
  if (node?.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  return object?.type === 'identifier' && text(object) === receiver && attribute ? text(attribute) : undefined;
}

/** Whether the character at `offset` is an ASCII letter, digit or `_` (not past either end of the text). */
export function isWordCharAt(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * A pattern asked only of texts holding one of `substrings`: a substring search is several times
 * faster on V8 than a pattern starting with `\b`, and rules most texts out.
 */
export function substringFirst(pattern: RegExp, ...substrings: string[]): TextTest {
  return { test: (text) => substrings.some((substring) => holdsText(text, substring)) && pattern.test(text), substrings };
}

/** The offset where the line holding `offset` starts (after a `\n`, `\r\n` or lone `\r`). */
export function lineStartOf(source: string, offset: number): number {
  // Back to the nearest break, not `lastIndexOf` of each kind: a text without `\r` would be searched to its start.
  let start = offset;
  while (start > 0) {
    const code = source.charCodeAt(start - 1);
    if (code === 10 || code === 13) break;
    start--;
  }
  return start;
}

/** The offset just after the line break that ends the line holding `offset` (the end of the source on the last line). */
export function nextLineStart(source: string, offset: number): number {
  const lineBreak = /\r\n|\n|\r/g;
  lineBreak.lastIndex = offset;
  const match = lineBreak.exec(source);
  return match ? match.index + match[0].length : source.length;
}

/** Whether only spaces follow the node on its line: no other statement, no comment. */
export function endsItsLine(node: Node, source: string): boolean {
  return /^[ \t]*$/.test(source.slice(node.endIndex, nextLineStart(source, node.endIndex)).replace(/\r?\n$|\r$/, ''));
}

/** One level of indentation in a block: its statements' indentation beyond the line that opens it. */
export function indentUnit(block: Node, source: string): string | undefined {
  const first = namedChildren(block)[0];
  if (!first || !block.parent || !startsItsLine(first, source)) return undefined;
  const inner = indentationOf(first, source);
  const outer = indentationOf(block.parent, source);
  return inner.length > outer.length && inner.startsWith(outer) ? inner.slice(outer.length) : undefined;
}

/** Whole lines, each one that is not blank indented by `unit` more. */
export function indented(lines: string, unit: string): string {
  return lines.replace(/^(?=[ \t]*\S)/gm, unit);
}

/** Whether re-indenting the node's lines would change a string: a literal spans lines (or holds a character JavaScript reads as a line break). */
export function hasMultilineString(node: Node): boolean {
  return node.descendantsOfType('string').some((string) => string !== null && /[\n\r\u2028\u2029]/.test(string.text));
}

/** The indentation (spaces/tabs) of the line a node starts on. */
export function indentationOf(node: Node, source: string): string {
  const match = /^[ \t]*/.exec(source.slice(lineStartOf(source, node.startIndex), node.startIndex));
  return match ? match[0] : '';
}

/** Whether only indentation precedes the node on its line (not `def f(): …` on one line). */
export function startsItsLine(node: Node, source: string): boolean {
  return /^[ \t]*$/.test(source.slice(lineStartOf(source, node.startIndex), node.startIndex));
}

/** The line break the document uses; `holds` says whether the source holds a text (an analysis asks its `TextPresence`). */
export function lineBreakOf(source: string, holds: (text: string) => boolean = (text) => source.includes(text)): string {
  return holds('\r\n') ? '\r\n' : holds('\r') && !holds('\n') ? '\r' : '\n';
}

const NESTED_SCOPES = ['function_definition', 'lambda', 'class_definition'];

/**
 * The descendants of `node` (not itself) of the given types that belong to its own scope: none
 * inside a nested function, lambda or class. Nested scopes are listed when their type is asked for.
 */
export function ownScopeNodes(node: Node, types: readonly string[]): Node[] {
  const found: Node[] = [];
  // Descendants come in document order, so everything up to a nested scope's end lies inside it.
  let nestedEnd = -1;
  for (const descendant of node.descendantsOfType([...types, ...NESTED_SCOPES])) {
    if (!descendant || descendant.id === node.id || descendant.startIndex < nestedEnd) continue;
    if (NESTED_SCOPES.includes(descendant.type)) nestedEnd = descendant.endIndex;
    if (types.includes(descendant.type)) found.push(descendant);
  }
  return found;
}

/** The functions defined in a function's own scope that it returns by name (`return wrapper`), with their names. */
export function returnedFunctions(definition: Node): { name: string; definition: Node }[] {
  const body = definition.childForFieldName('body');
  if (!body) return [];
  const nodes = ownScopeNodes(body, ['function_definition', 'return_statement']);
  const returned = new Set(nodes.filter((node) => node.type === 'return_statement' && node.firstNamedChild?.type === 'identifier').map((node) => node.firstNamedChild!.text));
  return nodes.flatMap((node) => {
    const name = node.type === 'function_definition' ? node.childForFieldName('name')?.text : undefined;
    return name !== undefined && returned.has(name) ? [{ name, definition: node }] : [];
  });
}

/**
 * The `async def` whose own code runs `node`: nothing when a plain `def`, a lambda or a class body
 * lies between (that code runs whenever and wherever it is called, e.g. in `asyncio.to_thread`).
 * A function's defaults and decorators run where the function is defined, so they belong outside it.
 */
export function enclosingCoroutine(node: Node): Node | null {
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'class_definition') return null;
    if (current.type !== 'function_definition' && current.type !== 'lambda') continue;
    if (current.childForFieldName('body')?.id !== child.id) continue;
    return current.type === 'function_definition' && isAsync(current) ? current : null;
  }
  return null;
}

const CLAUSES = new Set(['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'finally_clause', 'case_clause']);

/**
 * The range of the statement (or clause) that holds an offset, as line-based suppressions see it:
 * a simple statement whole, a compound one up to its header's colon.
 */
export function statementHeaderAt(root: Node, offset: number): { start: number; end: number } {
  let node: Node | null = root.descendantForIndex(offset);
  while (node?.parent && node.parent.type !== 'module' && node.parent.type !== 'block' && !CLAUSES.has(node.type)) node = node.parent;
  if (!node || node.type === 'module') return { start: offset, end: offset };
  const compound = node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
  const body = compound.children.find((child) => child?.type === 'block');
  return { start: node.startIndex, end: body?.previousSibling?.endIndex ?? node.endIndex };
}

/** The blocks of a compound statement: its own, and those of its `elif`/`else`/`except`/`finally` clauses. */
function clauseBlocks(statement: Node): Node[] {
  const blocks: Node[] = [];
  for (const child of namedChildren(statement)) {
    if (child.type === 'block') blocks.push(child);
    else if (CLAUSES_WITH_BLOCKS.has(child.type)) blocks.push(...namedChildren(child).filter((inner) => inner.type === 'block'));
  }
  return blocks;
}

const CLAUSES_WITH_BLOCKS = new Set(['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'finally_clause']);

/** The module-level class definitions, in document order, also those inside top-level `if`/`try`/`with` blocks. */
export function moduleLevelClasses(root: Node): { name: string; statement: Node; definition: Node }[] {
  const classes: { name: string; statement: Node; definition: Node }[] = [];
  const visit = (statements: readonly Node[]) => {
    for (const statement of statements) {
      const type = statement.type;
      const definition = type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      const name = definition?.type === 'class_definition' ? definition.childForFieldName('name') : null;
      if (name) classes.push({ name: name.text, statement, definition: definition! });
      else if (type === 'if_statement' || type === 'try_statement' || type === 'with_statement') {
        for (const block of clauseBlocks(statement)) visit(namedChildren(block));
      }
    }
  };
  visit(namedChildren(root));
  return classes;
}
