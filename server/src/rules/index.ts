// The rule registry: adding a rule is one import and one entry here.

import type { Rule } from '../engine/rule';
import comprehensionInCall from './comprehension-in-call';

export const ALL_RULES: readonly Rule[] = [
  comprehensionInCall,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));
