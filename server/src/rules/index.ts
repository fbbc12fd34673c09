// The rule registry: adding a rule is one import and one entry here.

import type { Rule } from '../engine/rule';
import comprehensionInCall from './comprehension-in-call';
import reduceInsteadOfBuiltin from './reduce-instead-of-builtin';
import mutableDefaultArgument from './mutable-default-argument';
import manualSingleton from './manual-singleton';
import metaclassForRegistration from './metaclass-for-registration';
import descriptorStateOnDescriptor from './descriptor-state-on-descriptor';

export const ALL_RULES: readonly Rule[] = [
  comprehensionInCall,
  reduceInsteadOfBuiltin,
  mutableDefaultArgument,
  manualSingleton,
  metaclassForRegistration,
  descriptorStateOnDescriptor,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));
