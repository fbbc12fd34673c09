// The pattern registry: adding a family of patterns is one import and one spread here.

import { PatternIndex, type Pattern } from '../engine/pattern';
import { ATTRIBUTE_PATTERNS } from './attributes';
import { CLASS_PATTERNS } from './classes';
import { CONTEXT_MANAGER_PATTERNS } from './context-managers';
import { DATA_CLASS_PATTERNS } from './data-classes';
import { DECORATOR_PATTERNS } from './decorators';
import { PYDANTIC_PATTERNS } from './pydantic';

export const ALL_PATTERNS: readonly Pattern[] = [
  ...DECORATOR_PATTERNS,
  ...CONTEXT_MANAGER_PATTERNS,
  ...DATA_CLASS_PATTERNS,
  ...ATTRIBUTE_PATTERNS,
  ...CLASS_PATTERNS,
  ...PYDANTIC_PATTERNS,
];

export const PATTERNS = new PatternIndex(ALL_PATTERNS);
