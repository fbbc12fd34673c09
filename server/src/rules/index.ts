// The rule registry: adding a rule is one import and one entry here.

import type { Rule } from '../engine/rule';
import unusedNoqa from './unused-noqa';
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
import contextmanagerYieldWithoutFinally from './contextmanager-yield-without-finally';
import manualAcquireRelease from './manual-acquire-release';
import nestedWith from './nested-with';
import exitSwallowsExceptions from './exit-swallows-exceptions';
import blockingCallInAsync from './blocking-call-in-async';
import danglingTask from './dangling-task';
import getEventLoopInCoroutine from './get-event-loop-in-coroutine';
import gatherWithoutTaskgroup from './gather-without-taskgroup';
import processStartWithoutMainGuard from './process-start-without-main-guard';
import threadingLockInProcess from './threading-lock-in-process';
import threadingLocalInAsync from './threading-local-in-async';
import manualThreadPool from './manual-thread-pool';
import asyncioTimeoutErrorAlias from './asyncio-timeout-error-alias';
import waitForInsteadOfTimeout from './wait-for-instead-of-timeout';
import asyncSyntaxOutsideCoroutine from './async-syntax-outside-coroutine';
import discardedTaskResult from './discarded-task-result';
import waitLeavesPending from './wait-leaves-pending';
import blockingExecutorInCoroutine from './blocking-executor-in-coroutine';
import clientSessionPerCall from './client-session-per-call';
import openWithoutContextManager from './open-without-context-manager';
import closeInFinally from './close-in-finally';
import handMadeTemporaryDirectory from './hand-made-temporary-directory';

export const ALL_RULES: readonly Rule[] = [
  unusedNoqa,
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
  contextmanagerYieldWithoutFinally,
  manualAcquireRelease,
  nestedWith,
  exitSwallowsExceptions,
  blockingCallInAsync,
  danglingTask,
  getEventLoopInCoroutine,
  gatherWithoutTaskgroup,
  processStartWithoutMainGuard,
  threadingLockInProcess,
  threadingLocalInAsync,
  manualThreadPool,
  asyncioTimeoutErrorAlias,
  waitForInsteadOfTimeout,
  asyncSyntaxOutsideCoroutine,
  discardedTaskResult,
  waitLeavesPending,
  blockingExecutorInCoroutine,
  clientSessionPerCall,
  openWithoutContextManager,
  closeInFinally,
  handMadeTemporaryDirectory,
].sort((a, b) => a.meta.code.localeCompare(b.meta.code));
