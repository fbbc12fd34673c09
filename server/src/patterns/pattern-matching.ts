// Structural pattern matching: the `match` statement, and each `case` explained by the kind of its
// pattern (literal, capture, wildcard, value, class, mapping, sequence, or, `as`) and its guard.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternContext, type PatternSpan } from '../engine/pattern';
import { namedChildren } from '../engine/syntax';

/** The kinds of pattern PEP 634 defines (a group `(p)` is the kind of `p`). */
export type CasePatternKind = 'literal' | 'capture' | 'wildcard' | 'value' | 'class' | 'mapping' | 'sequence' | 'or' | 'as';

const LITERALS = new Set(['integer', 'float', 'string', 'concatenated_string', 'complex_pattern', 'true', 'false', 'none']);

/**
 * The kind of a case's pattern, from the `case_pattern` nodes of its clause: several of them are
 * an open sequence (`case x, y:`). Nothing for a pattern the parser could not make out.
 */
export function casePatternKind(patterns: readonly Node[]): CasePatternKind | undefined {
  if (patterns.length > 1) return 'sequence';
  const pattern = patterns[0];
  if (pattern?.type !== 'case_pattern') return undefined;
  const inner = pattern.firstNamedChild;
  if (!inner) return pattern.firstChild?.type === '_' ? 'wildcard' : undefined;
  switch (inner.type) {
    case 'union_pattern':
      return 'or';
    case 'as_pattern':
      return 'as';
    case 'class_pattern':
      return 'class';
    case 'dict_pattern':
      return 'mapping';
    case 'list_pattern':
      return 'sequence';
    case 'tuple_pattern':
      // `(p)` groups; `(p,)` and `()` are sequences.
      return isGroup(inner) ? casePatternKind(namedChildren(inner)) : 'sequence';
    case 'dotted_name':
      return inner.namedChildCount === 1 ? 'capture' : 'value';
    default:
      return LITERALS.has(inner.type) ? 'literal' : undefined;
  }
}

function isGroup(tuple: Node): boolean {
  return namedChildren(tuple).length === 1 && !tuple.children.some((child) => child?.type === ',');
}

/** The pattern a group or an `as` wraps: `p` of `(p)` and of `p as name`. */
function unwrapped(pattern: Node): Node {
  const inner = pattern.firstNamedChild;
  const grouped = inner?.type === 'tuple_pattern' && isGroup(inner) ? namedChildren(inner)[0] : undefined;
  return grouped ? unwrapped(grouped) : pattern;
}

/** What a case's pattern (unwrapped from its group) does, in a sentence that quotes it. */
function kindSentence(kind: CasePatternKind, patterns: readonly Node[], context: PatternContext): string {
  const pattern = unwrapped(patterns[0]);
  const inner = pattern.firstNamedChild ?? pattern;
  const code = (node: Node) => `\`${context.text(node)}\``;
  switch (kind) {
    case 'literal':
      return ['none', 'true', 'false'].includes(inner.type)
        ? `A **literal pattern**: matches only the ${code(inner)} object itself (compared with \`is\`, not \`==\`).`
        : `A **literal pattern**: matches a subject equal to ${code(pattern)}.`;
    case 'capture':
      return `A **capture pattern**: matches any subject and binds it to ${code(inner)}; it never compares with an existing ${code(inner)}.`;
    case 'wildcard':
      return 'A **wildcard pattern**: `_` matches anything and binds nothing, the catch-all case.';
    case 'value':
      return `A **value pattern**: the dotted name ${code(inner)} is looked up and compared with \`==\`; a dotted name is never bound, which is why constants are matched this way.`;
    case 'class':
      return classSentence(inner, context);
    case 'mapping': {
      const rest = namedChildren(inner).find((child) => child.type === 'splat_pattern')?.firstNamedChild;
      const others = rest ? `\`**${context.text(rest)}\` collects the other keys into a dict` : 'keys beyond these are allowed';
      return `A **mapping pattern**: matches a mapping that has each of these keys, with a value matching its pattern; ${others}.`;
    }
    case 'sequence':
      return sequenceSentence(patterns.length > 1 ? patterns : namedChildren(inner), context);
    case 'or': {
      const alternatives = namedChildren(inner).length;
      return `An **or-pattern**: matches when any of its ${alternatives} alternatives does, tried left to right; every alternative must bind the same names.`;
    }
    case 'as': {
      const [before, name] = [inner.firstNamedChild, inner.lastNamedChild];
      const innerKind = before && casePatternKind([before]);
      const what = innerKind && innerKind !== 'as' ? `the ${KIND_NAMES[innerKind]} before \`as\`` : 'the pattern before `as`';
      return `An **\`as\` pattern**: matches ${what}, then binds the whole matched value to ${name ? code(name) : 'the name after it'}.`;
    }
  }
}

const KIND_NAMES: Record<CasePatternKind, string> = {
  literal: 'literal pattern',
  capture: 'capture pattern',
  wildcard: 'wildcard',
  value: 'value pattern',
  class: 'class pattern',
  mapping: 'mapping pattern',
  sequence: 'sequence pattern',
  or: 'or-pattern',
  as: '`as` pattern',
};

/** The builtins whose class pattern takes one positional sub-pattern for the whole subject. */
const SELF_MATCHING = ['bool', 'bytearray', 'bytes', 'dict', 'float', 'frozenset', 'int', 'list', 'set', 'str', 'tuple'].map((name) => `builtins.${name}`);

function classSentence(classPattern: Node, context: PatternContext): string {
  const name = classPattern.firstNamedChild;
  if (name?.type !== 'dotted_name') return 'A **class pattern**: matches an instance of the class whose sub-patterns match its attributes.';
  const cls = context.text(name);
  // Resolved, so that a class of the module's own called `str` is not taken for the builtin.
  if (context.semantic.qualifiedNamesOf(cls, name).some((qualified) => SELF_MATCHING.includes(qualified))) {
    return `A **class pattern** on the builtin \`${cls}\`: matches an instance of it, and one positional sub-pattern, as in \`${cls}(x)\`, matches the subject itself.`;
  }
  const subpatterns = namedChildren(classPattern)
    .slice(1)
    .map((argument) => argument.firstNamedChild);
  const keyword = subpatterns.find((subpattern) => subpattern?.type === 'keyword_pattern');
  const attribute = keyword?.firstNamedChild;
  const how: string[] = [];
  if (keyword && attribute) how.push(`\`${context.text(keyword)}\` tests the attribute \`.${context.text(attribute)}\``);
  if (subpatterns.some((subpattern) => subpattern && subpattern.type !== 'keyword_pattern')) how.push(`positional sub-patterns match the attributes \`${cls}.__match_args__\` lists, in order`);
  const test = `\`isinstance(subject, ${cls})\``;
  if (how.length === 0) return `A **class pattern**: matches when ${test} holds — without arguments it tests the type alone.`;
  return `A **class pattern**: matches when ${test} holds and every sub-pattern matches; ${how.join(', and ')}.`;
}

function sequenceSentence(items: readonly Node[], context: PatternContext): string {
  const star = items.find((item) => item.firstNamedChild?.type === 'splat_pattern')?.firstNamedChild;
  const fixed = items.length - (star ? 1 : 0);
  const count = `${fixed} item${fixed === 1 ? '' : 's'}`;
  const rest = star?.firstNamedChild;
  const collected = rest && context.text(rest) !== '_' ? `\`*${context.text(rest)}\` collects the others into a list` : '`*_` skips the others';
  const length = !star ? `exactly ${count}, each matching in turn` : fixed === 0 ? `any length; ${collected.replace('the others', 'its items')}` : `at least ${count}; ${collected}`;
  return `A **sequence pattern**: matches a sequence — a list, a tuple, not a \`str\` or \`bytes\` — of ${length}.`;
}

function caseClauseSpan(clause: Node, context: PatternContext): PatternSpan | undefined {
  const keyword = clause.firstChild;
  const patterns = namedChildren(clause).filter((child) => child.type === 'case_pattern');
  const kind = casePatternKind(patterns);
  if (keyword?.type !== 'case' || !kind) return undefined;
  const guard = clause.childForFieldName('guard');
  const condition = guard?.firstNamedChild;
  const sentences = [kindSentence(kind, patterns, context)];
  if (condition) sentences.push(`Its **guard** \`if ${context.text(condition)}\` is tested after the pattern has matched and bound its names; when it is false, the next case is tried.`);
  return { start: keyword.startIndex, end: (guard ?? patterns[patterns.length - 1]).endIndex, detail: sentences.join(' ') };
}

/** Whether a clause matches every subject: `case _:` or `case name:` without a guard. */
function isCatchAll(clause: Node): boolean {
  if (clause.childForFieldName('guard')) return false;
  const kind = casePatternKind(namedChildren(clause).filter((child) => child.type === 'case_pattern'));
  return kind === 'wildcard' || kind === 'capture';
}

export const PATTERN_MATCHING_PATTERNS = [
  definePattern({
    meta: {
      id: 'match-statement',
      title: '`match` statement',
      family: 'pattern-matching',
      minPython: [3, 10],
      summary:
        '`match subject:` tries its `case` patterns from top to bottom and runs the block of the first that matches. Patterns test the shape of a value — type, length, keys, attributes — and bind the parts they name, replacing an `isinstance` check, a length test and the unpacking after them. Reach for it to take structured data apart (commands, parsed JSON, trees); a dict lookup still suits a plain switch.',
      pitfall: 'When no case matches, nothing happens: no error and no fall-through. End with `case _:` that raises when every subject should have been handled.',
      example: [
        'def describe(event: dict) -> str:',
        '    match event:',
        '        case {"type": "click", "pos": (x, y)}:',
        '            return f"click at {x}, {y}"',
        '        case {"type": "key", "key": str(key)}:',
        '            return f"key {key}"',
        '        case _:',
        '            raise ValueError(f"unknown event {event!r}")',
        '',
      ].join('\n'),
    },
    anchors: {
      match_statement: (statement) => {
        const keyword = statement.firstChild;
        if (keyword?.type !== 'match') return undefined;
        const clauses = namedChildren(statement.childForFieldName('body')).filter((child) => child.type === 'case_clause');
        const last = clauses[clauses.length - 1];
        const detail = last && !isCatchAll(last) ? 'No case here matches every subject: one that matches none of them passes silently.' : undefined;
        return { start: keyword.startIndex, end: keyword.endIndex, detail };
      },
    },
  }),
  definePattern({
    meta: {
      id: 'case-patterns',
      title: '`case` patterns',
      family: 'pattern-matching',
      minPython: [3, 10],
      summary:
        'A `case` runs its block when its pattern matches the subject and its `if` guard, if any, holds. Patterns nest and combine: literals, capture names, dotted constants, `Class(attr=…)`, `{"key": …}`, `[first, *rest]`, alternatives with `|`, and `as` to keep the whole.',
      pitfall: 'A bare name captures, it never compares: `case RED:` matches every subject and rebinds `RED`. Compare with a dotted name (`Color.RED`) or a literal.',
      example: [
        'from dataclasses import dataclass',
        '',
        '',
        '@dataclass',
        'class Point:',
        '    x: int',
        '    y: int',
        '',
        '',
        'def where(point: Point) -> str:',
        '    match point:',
        '        case Point(x=0, y=0):',
        '            return "origin"',
        '        case Point(x=0) | Point(y=0):',
        '            return "on an axis"',
        '        case Point(x=x, y=y) if x == y:',
        '            return "on the diagonal"',
        '        case _:',
        '            return "elsewhere"',
        '',
      ].join('\n'),
    },
    anchors: { case_clause: caseClauseSpan },
  }),
];
