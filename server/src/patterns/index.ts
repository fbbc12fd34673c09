// The pattern registry: adding a family of patterns is one import and one spread here.

import { PatternIndex, type Pattern } from '../engine/pattern';
import { ASYNC_PATTERNS } from './async';
import { CACHING_PATTERNS } from './caching';
import { CONCURRENCY_PATTERNS } from './concurrency';
import { EXPRESSION_PATTERNS } from './expressions';
import { ITERATION_PATTERNS } from './iteration';
import { PATTERN_MATCHING_PATTERNS } from './pattern-matching';
import { TYPING_PATTERNS } from './typing';

export const ALL_PATTERNS: readonly Pattern[] = [
  ...TYPING_PATTERNS,
  ...PATTERN_MATCHING_PATTERNS,
  ...EXPRESSION_PATTERNS,
  ...ITERATION_PATTERNS,
  ...CACHING_PATTERNS,
  ...ASYNC_PATTERNS,
  ...CONCURRENCY_PATTERNS,
];

export const PATTERNS = new PatternIndex(ALL_PATTERNS);
