// The scopes read statement by statement: the module's (for the module facts) and a class body's.
// It reads the statements and the blocks of compound statements (`if`, `try`, `with`, `for`,
// `while`, `match`), but no expression inside them: walking every node of the module on each
// keystroke would cost a fifth of the parse. A walrus at module level is therefore not seen.

import type { Node } from 'web-tree-sitter';
import { assignmentNames, importNames, patternCaptures, starImportModule, targetIdentifiers, type BindingKind, type BoundName } from './binding';

/** A module-level binding as the facts keep it: no node, so that equal facts mean equal answers. */
export interface ModuleBinding {
  name: string;
  kind: BindingKind;
  qualified?: string;
  valueType?: string;
  /** For a value that is a call of a dotted name (`apps = Apps()`), that name as written. */
  callee?: string;
  fallback?: true;
}

const BLOCK_CLAUSES = new Set(['else_clause', 'elif_clause', 'except_clause', 'except_group_clause', 'finally_clause', 'case_clause']);

/**
 * The names a block of statements binds, statement by statement, into the blocks of compound
 * statements but no expression: a module's or a class body's scope. `fallback` marks a binding in
 * an `except` handler of a `try` whose body imports the same name.
 */
export function statementBindings(
  statements: readonly (Node | null)[],
  add: (bound: BoundName, fallback: boolean) => void,
  found: { starImports?: string[]; classes?: Node[] } = {},
): void {
  /** `fallbackFor`: names imported by the `try` body an `except` block belongs to. */
  const visit = (block: readonly (Node | null)[], fallbackFor: ReadonlySet<string>) => {
    for (const statement of block) {
      if (!statement) continue;
      // Each read of a node's type is a call into wasm: read once per statement.
      const type = statement.type;
      for (const bound of statementNames(statement, found.classes, type)) add(bound, fallbackFor.has(bound.name) && bound.kind !== 'import' && bound.kind !== 'from-import');
      const star = type === 'import_from_statement' ? starImportModule(statement) : undefined;
      if (star !== undefined) found.starImports?.push(star);
      if (!COMPOUND.has(type)) continue;
      if (type === 'try_statement') {
        const body = statement.childForFieldName('body');
        const imported = new Set(body ? importedNames(body) : []);
        for (const child of statement.namedChildren) {
          if (!child) continue;
          if (child.type === 'block') visit(child.namedChildren, fallbackFor);
          else if (child.type === 'except_clause' || child.type === 'except_group_clause') visitClause(child, new Set([...fallbackFor, ...imported]));
          else if (BLOCK_CLAUSES.has(child.type)) visitClause(child, fallbackFor);
        }
        continue;
      }
      if (type === 'match_statement') {
        const body = statement.childForFieldName('body');
        for (const clause of body?.namedChildren ?? []) if (clause?.type === 'case_clause') visitClause(clause, fallbackFor);
        continue;
      }
      for (const child of statement.namedChildren) {
        if (!child) continue;
        if (child.type === 'block') visit(child.namedChildren, fallbackFor);
        else if (BLOCK_CLAUSES.has(child.type)) visitClause(child, fallbackFor);
      }
    }
  };
  const visitClause = (clause: Node, fallbackFor: ReadonlySet<string>) => {
    if (clause.type === 'except_clause' || clause.type === 'except_group_clause') {
      for (const alias of exceptAliases(clause)) add({ name: alias.text, kind: 'except', node: alias, effective: alias.endIndex }, false);
    }
    if (clause.type === 'case_clause') {
      for (const pattern of clause.namedChildren) {
        if (pattern?.type === 'case_pattern') for (const capture of patternCaptures(pattern)) add({ name: capture.text, kind: 'match', node: capture, effective: pattern.endIndex }, false);
      }
    }
    for (const child of clause.namedChildren) if (child?.type === 'block') visit(child.namedChildren, fallbackFor);
  };
  visit(statements, new Set());
}

const COMPOUND = new Set(['if_statement', 'try_statement', 'with_statement', 'for_statement', 'while_statement', 'match_statement']);

/** The names one statement binds itself (not those of the blocks it holds); `type` is the statement's, when already read. */
export function statementNames(statement: Node, classes?: Node[], type = statement.type): BoundName[] {
  switch (type) {
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      return importNames(statement);
    case 'function_definition':
    case 'class_definition': {
      if (type === 'class_definition') classes?.push(statement);
      const name = statement.childForFieldName('name');
      return name ? [{ name: name.text, kind: type === 'class_definition' ? 'class' : 'function', node: name, effective: statement.endIndex }] : [];
    }
    case 'decorated_definition': {
      const definition = statement.childForFieldName('definition');
      return definition ? statementNames(definition, classes) : [];
    }
    case 'expression_statement':
      return statement.namedChildren.flatMap((expression) => (expression ? expressionNames(expression) : []));
    case 'for_statement': {
      // The iterable is evaluated before the target is bound.
      const effective = statement.childForFieldName('right')?.endIndex ?? statement.startIndex;
      return targetIdentifiers(statement.childForFieldName('left')).map((node) => ({ name: node.text, kind: 'for' as const, node, effective }));
    }
    case 'with_statement':
      return withTargets(statement).map((node) => ({ name: node.text, kind: 'with' as const, node, effective: node.endIndex }));
    case 'type_alias_statement': {
      const name = statement.childForFieldName('left')?.descendantsOfType('identifier')[0];
      return name ? [{ name: name.text, kind: 'type-alias', node: name, effective: statement.endIndex }] : [];
    }
    default:
      return [];
  }
}

/** Assignments, possibly chained (`a = b = 1`), and augmented assignments. */
function expressionNames(expression: Node): BoundName[] {
  if (expression.type === 'augmented_assignment') {
    const left = expression.childForFieldName('left');
    return left?.type === 'identifier' ? [{ name: left.text, kind: 'augmented-assignment', node: left, effective: expression.endIndex }] : [];
  }
  if (expression.type !== 'assignment') return [];
  const names = assignmentNames(expression);
  const right = expression.childForFieldName('right');
  return right?.type === 'assignment' ? [...names, ...expressionNames(right)] : names;
}

/** The targets of `with a as x, b as (y, z):`. */
export function withTargets(statement: Node): Node[] {
  const clause = statement.namedChildren.find((child) => child?.type === 'with_clause');
  const targets: Node[] = [];
  for (const item of clause?.namedChildren ?? []) {
    const value = item?.type === 'with_item' ? item.childForFieldName('value') : null;
    if (value?.type === 'as_pattern') targets.push(...targetIdentifiers(value.childForFieldName('alias')));
  }
  return targets;
}

/** The `e` of `except E as e:`. */
export function exceptAliases(clause: Node): Node[] {
  const value = clause.namedChildren.find((child) => child?.type === 'as_pattern');
  return value ? targetIdentifiers(value.childForFieldName('alias')) : [];
}

/** Names a block imports directly (for the fallbacks of a `try`). */
function importedNames(block: Node): string[] {
  return block.namedChildren.flatMap((statement) =>
    statement && (statement.type === 'import_statement' || statement.type === 'import_from_statement') ? importNames(statement).map((bound) => bound.name) : [],
  );
}
