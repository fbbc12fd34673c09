// The refactoring registry: adding a refactoring is one import and one entry here.

import type { Refactoring } from '../engine/refactoring';
import openInWithBlock from './open-in-with-block';
import wrapsAndParamSpec from './wraps-and-paramspec';

export const ALL_REFACTORINGS: readonly Refactoring[] = [openInWithBlock, wrapsAndParamSpec];
