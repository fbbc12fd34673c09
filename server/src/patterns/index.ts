// The pattern registry: adding a family of patterns is one import and one spread here.

import { PatternIndex, type Pattern } from '../engine/pattern';
import { PATTERN_MATCHING_PATTERNS } from './pattern-matching';

export const ALL_PATTERNS: readonly Pattern[] = [...PATTERN_MATCHING_PATTERNS];

export const PATTERNS = new PatternIndex(ALL_PATTERNS);
