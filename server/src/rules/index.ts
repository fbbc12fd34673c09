// The rule registry: adding a rule is one import and one entry here.

import type { Rule } from '../engine/rule';
import comprehensionInCall from './comprehension-in-call';
import reduceInsteadOfBuiltin from './reduce-instead-of-builtin';
import mutableDefaultArgument from './mutable-default-argument';
import manualSingleton from './manual-singleton';
import getterSetterMethods from './getter-setter-methods';
import interfaceWithoutAbc from './interface-without-abc';
import metaclassForRegistration from './metaclass-for-registration';
import descriptorStateOnDescriptor from './descriptor-state-on-descriptor';
import missingFunctoolsWraps from './missing-functools-wraps';
import decoratorErasesSignature from './decorator-erases-signature';
import manualMemoization from './manual-memoization';
import lruCacheMaxsizeNone from './lru-cache-maxsize-none';
import lruCacheOnMethod from './lru-cache-on-method';
import abstractmethodOrder from './abstractmethod-order';
import protocolIsinstanceNotRuntimeCheckable from './protocol-isinstance-not-runtime-checkable';
import mixinInitWithoutSuper from './mixin-init-without-super';
import mutableDataclassDefault from './mutable-dataclass-default';
import callInDataclassDefault from './call-in-dataclass-default';
import dataclassCandidate from './dataclass-candidate';

export const ALL_RULES: readonly Rule[] = [
  comprehensionInCall,
  reduceInsteadOfBuiltin,
  mutableDefaultArgument,
  manualSingleton,
  getterSetterMethods,
  interfaceWithoutAbc,
  metaclassForRegistration,
  descriptorStateOnDescriptor,
  missingFunctoolsWraps,
  decoratorErasesSignature,
  manualMemoization,
  lruCacheMaxsizeNone,
  lruCacheOnMethod,
  abstractmethodOrder,
  protocolIsinstanceNotRuntimeCheckable,
  mixinInitWithoutSuper,
  mutableDataclassDefault,
  callInDataclassDefault,
  dataclassCandidate,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));
