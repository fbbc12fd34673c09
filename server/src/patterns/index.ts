// The pattern registry: adding a family of patterns is one import and one spread here.

import { PatternIndex, type Pattern } from '../engine/pattern';

export const ALL_PATTERNS: readonly Pattern[] = [];

export const PATTERNS = new PatternIndex(ALL_PATTERNS);
