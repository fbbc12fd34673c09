// The pattern registry: adding a family of patterns is one import and one spread here.

import { PatternIndex, type Pattern } from '../engine/pattern';
import { PATTERN_MATCHING_PATTERNS } from './pattern-matching';
import { TYPING_PATTERNS } from './typing';

export const ALL_PATTERNS: readonly Pattern[] = [...TYPING_PATTERNS, ...PATTERN_MATCHING_PATTERNS];

export const PATTERNS = new PatternIndex(ALL_PATTERNS);
