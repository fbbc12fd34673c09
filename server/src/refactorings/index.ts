// The refactoring registry: adding a refactoring is one import and one entry here.

import type { Refactoring } from '../engine/refactoring';

export const ALL_REFACTORINGS: readonly Refactoring[] = [];
