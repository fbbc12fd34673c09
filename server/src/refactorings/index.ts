// The refactoring registry: adding a refactoring is one import and one entry here.

import type { Refactoring } from '../engine/refactoring';
import dataclassFrozen from './dataclass-frozen';
import dataclassKwOnly from './dataclass-kw-only';
import dataclassSlots from './dataclass-slots';
import ifToMatch from './if-to-match';
import openInWithBlock from './open-in-with-block';
import typeParameterSyntax from './type-parameter-syntax';
import wrapsAndParamSpec from './wraps-and-paramspec';

export const ALL_REFACTORINGS: readonly Refactoring[] = [
  dataclassSlots,
  dataclassFrozen,
  dataclassKwOnly,
  typeParameterSyntax,
  ifToMatch,
  openInWithBlock,
  wrapsAndParamSpec,
];
