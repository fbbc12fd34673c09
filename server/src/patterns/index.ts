// The pattern registry: adding a family of patterns is one import and one spread here.

import { PatternIndex, type Pattern } from '../engine/pattern';
import { ASYNC_PATTERNS } from './async';
import { ATTRIBUTE_PATTERNS } from './attributes';
import { CACHING_PATTERNS } from './caching';
import { CLASS_PATTERNS } from './classes';
import { CONCURRENCY_PATTERNS } from './concurrency';
import { CONTEXT_MANAGER_PATTERNS } from './context-managers';
import { DATA_CLASS_PATTERNS } from './data-classes';
import { DECORATOR_PATTERNS } from './decorators';
import { EXPRESSION_PATTERNS } from './expressions';
import { ITERATION_PATTERNS } from './iteration';
import { PATTERN_MATCHING_PATTERNS } from './pattern-matching';
import { PYDANTIC_PATTERNS } from './pydantic';
import { TYPING_PATTERNS } from './typing';

export const ALL_PATTERNS: readonly Pattern[] = [
  ...DECORATOR_PATTERNS,
  ...CONTEXT_MANAGER_PATTERNS,
  ...DATA_CLASS_PATTERNS,
  ...ATTRIBUTE_PATTERNS,
  ...CLASS_PATTERNS,
  ...TYPING_PATTERNS,
  ...PATTERN_MATCHING_PATTERNS,
  ...EXPRESSION_PATTERNS,
  ...ITERATION_PATTERNS,
  ...CACHING_PATTERNS,
  ...ASYNC_PATTERNS,
  ...CONCURRENCY_PATTERNS,
  ...PYDANTIC_PATTERNS,
];

export const PATTERNS = new PatternIndex(ALL_PATTERNS);
