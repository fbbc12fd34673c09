// The refactoring registry: adding a refactoring is one import and one entry here.

import type { Refactoring } from '../engine/refactoring';
import dataclassFrozen from './dataclass-frozen';
import dataclassKwOnly from './dataclass-kw-only';
import dataclassSlots from './dataclass-slots';

export const ALL_REFACTORINGS: readonly Refactoring[] = [dataclassSlots, dataclassFrozen, dataclassKwOnly];
