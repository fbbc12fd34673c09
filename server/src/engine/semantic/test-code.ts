// Whether code is part of a test: a `test*` function or one inside it, a method of a test class
// (its name has `Test`: `TestParser`, `ParserTests`, `BaseSockTestsMixin`), or a pytest fixture.
// Tests do on purpose what production code must not (block the loop to provoke a timeout, drop a
// task the next line awaits, open a file for a moment), so rules about run-time risks leave them
// alone.

import type { Node } from 'web-tree-sitter';
import { decoratorsOf, enclosingClass, headOf } from '../syntax';
import type { SemanticModel } from './model';

/** Test classes and the mixins and bases they share their tests through. */
const TEST_CLASS = /Test/;

export function isTestCode(node: Node, model: SemanticModel): boolean {
  for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
    if (ancestor.type !== 'function_definition') continue;
    if (/^test/.test(ancestor.childForFieldName('name')?.text ?? '')) return true;
    if (decoratorsOf(ancestor).some((decorator) => model.matches(headOf(decorator), 'pytest.fixture'))) return true;
    const owner = enclosingClass(ancestor);
    if (owner && TEST_CLASS.test(owner.childForFieldName('name')?.text ?? '')) return true;
  }
  return false;
}
