// The rule registry: adding a rule is one import and one entry here.

import type { Rule } from '../engine/rule';
import comprehensionInCall from './comprehension-in-call';
import reduceInsteadOfBuiltin from './reduce-instead-of-builtin';
import mutableDefaultArgument from './mutable-default-argument';
import manualSingleton from './manual-singleton';
import metaclassForRegistration from './metaclass-for-registration';
import descriptorStateOnDescriptor from './descriptor-state-on-descriptor';
import missingFunctoolsWraps from './missing-functools-wraps';
import decoratorErasesSignature from './decorator-erases-signature';
import manualMemoization from './manual-memoization';
import lruCacheMaxsizeNone from './lru-cache-maxsize-none';
import lruCacheOnMethod from './lru-cache-on-method';

export const ALL_RULES: readonly Rule[] = [
  comprehensionInCall,
  reduceInsteadOfBuiltin,
  mutableDefaultArgument,
  manualSingleton,
  metaclassForRegistration,
  descriptorStateOnDescriptor,
  missingFunctoolsWraps,
  decoratorErasesSignature,
  manualMemoization,
  lruCacheMaxsizeNone,
  lruCacheOnMethod,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));
