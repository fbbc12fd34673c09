// Turns a fix's import requirements into edits: nothing when the module already imports it,
// a name appended to an existing `from module import …`, or a new import line after the
// module's last top-level import (after the docstring and `__future__` imports when it has none).

import type { Node, Tree } from 'web-tree-sitter';
import type { ImportRequirement, TextEdit } from './rule';
import type { SemanticModel } from './semantic/model';
import { isDocstring } from './syntax';

/** A document's top-level statements and line break, read once for all of its fixes. */
export class ImportContext {
  private topLevel: Node[] | undefined;
  private lineBreak: string | undefined;

  constructor(
    private readonly tree: Tree,
    readonly source: string,
  ) {}

  get statements(): Node[] {
    this.topLevel ??= this.tree.rootNode.namedChildren.filter((node): node is Node => node !== null);
    return this.topLevel;
  }

  get eol(): string {
    this.lineBreak ??= this.source.includes('\r\n') ? '\r\n' : '\n';
    return this.lineBreak;
  }
}

/**
 * How a fix writes `module.name` at `at`: through the module's existing import of it, else as the
 * bare name with `from module import name` added to `imports`; nothing when the name is taken there.
 */
export function importedName(semantic: SemanticModel, module: string, name: string, at: Node, imports: ImportRequirement[]): string | undefined {
  const existing = semantic.spell(`${module}.${name}`, at);
  if (existing) return existing;
  if (!semantic.isFree(name, at)) return undefined;
  imports.push({ module, name });
  return name;
}

export function importEdits(context: ImportContext, requirements: readonly ImportRequirement[]): TextEdit[] {
  if (requirements.length === 0) return [];
  const { statements, source, eol } = context;
  const edits: TextEdit[] = [];
  const missing = new Map<string, ImportRequirement>();
  for (const requirement of requirements) {
    if (!isImported(statements, source, requirement)) missing.set(`${requirement.module}:${requirement.name ?? ''}`, requirement);
  }
  // New lines in the order first required; names from one module share a `from module import a, b`.
  const newLines: { module: string; names?: string[] }[] = [];
  for (const requirement of missing.values()) {
    const fromImport = requirement.name ? findFromImport(statements, source, requirement.module) : undefined;
    if (fromImport) {
      const names = fromImport.childrenForFieldName('name');
      const last = names[names.length - 1]!;
      edits.push({ start: last.endIndex, end: last.endIndex, text: `, ${requirement.name}` });
    } else if (requirement.name) {
      const line = newLines.find((each) => each.module === requirement.module && each.names);
      if (line) line.names!.push(requirement.name);
      else newLines.push({ module: requirement.module, names: [requirement.name] });
    } else {
      newLines.push({ module: requirement.module });
    }
  }
  if (newLines.length > 0) {
    const at = insertionOffset(statements, source);
    const written = newLines.map(({ module, names }) => (names ? `from ${module} import ${names.join(', ')}` : `import ${module}`) + eol);
    const text = written.join('') + eol.repeat(blankLinesAfter(statements, source, at.offset));
    edits.push({ start: at.offset, end: at.offset, text: at.needsNewlineBefore ? eol + text : text });
  }
  return edits;
}

const isImportStatement = (node: Node) => node.type === 'import_statement' || node.type === 'import_from_statement' || node.type === 'future_import_statement';

function isImported(statements: Node[], source: string, requirement: ImportRequirement): boolean {
  const text = (node: Node | null) => (node ? source.slice(node.startIndex, node.endIndex) : '');
  return statements.some((statement) => {
    if (requirement.name === undefined) {
      return statement.type === 'import_statement' && statement.childrenForFieldName('name').some((name) => name?.type === 'dotted_name' && text(name) === requirement.module);
    }
    return (
      statement.type === 'import_from_statement' &&
      text(statement.childForFieldName('module_name')) === requirement.module &&
      statement.childrenForFieldName('name').some((name) => name?.type === 'dotted_name' && text(name) === requirement.name)
    );
  });
}

function findFromImport(statements: Node[], source: string, module: string): Node | undefined {
  return statements.find((statement) => {
    if (statement.type !== 'import_from_statement' || statement.hasError) return false;
    const moduleName = statement.childForFieldName('module_name');
    if (!moduleName || source.slice(moduleName.startIndex, moduleName.endIndex) !== module) return false;
    // Appending to a wildcard import is not valid syntax.
    return statement.childrenForFieldName('name').length > 0;
  });
}

function insertionOffset(statements: Node[], source: string): { offset: number; needsNewlineBefore: boolean } {
  // The leading run of comments, docstring and imports; a new import goes after its last
  // import, else after the docstring, else after the leading comments (shebang, licence).
  let lastImport: Node | undefined;
  let docstring: Node | undefined;
  let lastComment: Node | undefined;
  for (const statement of statements) {
    if (isImportStatement(statement)) lastImport = statement;
    else if (statement.type === 'comment') {
      if (!lastImport && !docstring) lastComment = statement;
    }
    else if (!lastImport && !docstring && isDocstring(statement)) docstring = statement;
    else break;
  }
  const anchor = lastImport ?? docstring ?? lastComment;
  if (!anchor) return { offset: 0, needsNewlineBefore: false };
  const lineBreak = source.slice(anchor.endIndex).search(/\r\n|\n|\r/);
  if (lineBreak === -1) return { offset: source.length, needsNewlineBefore: true };
  const breakLength = source.startsWith('\r\n', anchor.endIndex + lineBreak) ? 2 : 1;
  return { offset: anchor.endIndex + lineBreak + breakLength, needsNewlineBefore: false };
}

/**
 * The blank lines that separate a first import block from code right below it, as PEP 8 spaces
 * them: two before a function or class, one before anything else, none when a blank line is there.
 */
function blankLinesAfter(statements: Node[], source: string, offset: number): number {
  if (statements.some(isImportStatement) || /^[ \t]*(\r\n|\n|\r|$)/.test(source.slice(offset, offset + 200))) return 0;
  const next = statements.find((statement) => statement.startIndex >= offset);
  return next && ['function_definition', 'class_definition', 'decorated_definition'].includes(next.type) ? 2 : 1;
}
