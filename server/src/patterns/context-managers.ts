// Context managers: generator functions made into managers by `@contextmanager` and
// `@asynccontextmanager`, classes with `__enter__`/`__exit__` or their async pair, and the exit
// stacks that enter a number of managers known only at run time.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternContext } from '../engine/pattern';
import { isAsync, ownScopeNodes } from '../engine/syntax';
import { decoratedBy, decoratorStandingFor, definitionHeader, methodNamed, nameOf } from './anchors';

const SYNC_METHODS = ['__enter__', '__exit__'];
const ASYNC_METHODS = ['__aenter__', '__aexit__'];


/** What the decorated generator function does as a manager, and whether it is the kind this decorator takes. */
function generatorManagerDetail(asynchronous: boolean) {
  return (decorator: Node): string | undefined => {
    const definition = decoratedBy(decorator);
    if (definition?.type !== 'function_definition') return undefined;
    const name = nameOf(definition);
    const body = definition.childForFieldName('body');
    if (body && ownScopeNodes(body, ['yield']).length === 0) return `⚠ ${name} has no \`yield\`: the decorated function must be a generator that yields once.`;
    if (isAsync(definition) !== asynchronous) {
      return asynchronous
        ? `⚠ ${name} is a plain \`def\`: \`@asynccontextmanager\` takes an \`async def\`; for a plain generator use \`@contextmanager\`.`
        : `⚠ ${name} is an \`async def\`: decorate it with \`@asynccontextmanager\` and enter it with \`async with\`.`;
    }
    return `\`${asynchronous ? 'async ' : ''}with ${definition.childForFieldName('name')?.text}(…):\` runs ${name} up to its \`yield\` on entering the block and the rest on leaving it.`;
  };
}

function definesAll(methods: readonly string[]) {
  return (definition: Node, context: PatternContext) => {
    const dunders = context.semantic.classFacts(definition).dunders;
    return methods.every((method) => dunders.includes(method));
  };
}

const isManagerClass = definesAll(SYNC_METHODS);
const isAsyncManagerClass = definesAll(ASYNC_METHODS);

const METHOD_DETAILS: Record<string, string> = {
  __enter__: 'What `__enter__` returns is what `with … as name` binds: usually `self`.',
  __exit__: '`__exit__` gets the exception\'s type, value and traceback (all `None` when the block ended normally); a true return value swallows the exception.',
  __aenter__: 'What `__aenter__` returns, once awaited, is what `async with … as name` binds: usually `self`.',
  __aexit__: '`__aexit__` gets the exception\'s type, value and traceback (all `None` when the block ended normally); a true return value swallows the exception.',
};

function methodDetail(method: Node): string | undefined {
  const name = method.childForFieldName('name')?.text ?? '';
  if (ASYNC_METHODS.includes(name) && !isAsync(method)) return `⚠ \`${name}\` is a plain \`def\`: \`async with\` awaits what it returns, so it must be an \`async def\`.`;
  return METHOD_DETAILS[name];
}

/** `stack` in `with ExitStack() as stack:`, the variable the managers are entered through. */
function stackVariable(name: Node): string | undefined {
  const call = name.parent?.type === 'call' && name.parent.childForFieldName('function')?.id === name.id ? name.parent : undefined;
  const pattern = call?.parent?.type === 'as_pattern' ? call.parent : undefined;
  const alias = pattern?.childForFieldName('alias')?.firstNamedChild;
  return pattern?.parent?.type === 'with_item' && alias?.type === 'identifier' ? alias.text : undefined;
}

export const CONTEXT_MANAGER_PATTERNS = [
  definePattern({
    meta: {
      id: 'contextmanager',
      title: '`@contextmanager`',
      family: 'context-managers',
      minPython: [3, 0],
      summary:
        '`@contextlib.contextmanager` turns a generator function into a context manager: the code before its one `yield` runs when the `with` block starts, the yielded value is what `as` binds, and the code after runs when the block ends. ' +
        'Reach for it when setup and cleanup fit in one function and a class with `__enter__` and `__exit__` would be ceremony.',
      pitfall: 'Cleanup after a bare `yield` is skipped when the block raises, because the exception comes out of the `yield`: put the `yield` in a `try` and the cleanup in its `finally`.',
      example: [
        'import os',
        'from contextlib import contextmanager',
        '',
        '',
        '@contextmanager',
        'def working_directory(path):',
        '    previous = os.getcwd()',
        '    os.chdir(path)',
        '    try:',
        '        yield path',
        '    finally:',
        '        os.chdir(previous)',
      ].join('\n'),
    },
    anchors: { decorator: decoratorStandingFor(['contextlib.contextmanager'], generatorManagerDetail(false)) },
    names: ['contextlib.contextmanager'],
  }),
  definePattern({
    meta: {
      id: 'asynccontextmanager',
      title: '`@asynccontextmanager`',
      family: 'context-managers',
      minPython: [3, 7],
      summary:
        '`@contextlib.asynccontextmanager` does for an `async def` generator what `@contextmanager` does for a plain one, giving a manager for `async with` that may `await` before and after its `yield`. ' +
        'Reach for it to open and close an async resource (a connection, a session, a lock) around a block.',
      pitfall: 'Leaving the cleanup after a bare `yield`: when the block raises or is cancelled, the code after the `yield` does not run unless it sits in a `finally`.',
      example: [
        'import asyncio',
        'from contextlib import asynccontextmanager',
        '',
        '',
        '@asynccontextmanager',
        'async def connection(host, port):',
        '    reader, writer = await asyncio.open_connection(host, port)',
        '    try:',
        '        yield reader, writer',
        '    finally:',
        '        writer.close()',
        '        await writer.wait_closed()',
      ].join('\n'),
    },
    anchors: { decorator: decoratorStandingFor(['contextlib.asynccontextmanager'], generatorManagerDetail(true)) },
    names: ['contextlib.asynccontextmanager'],
  }),
  definePattern({
    meta: {
      id: 'context-manager-class',
      title: 'Context manager class',
      family: 'context-managers',
      minPython: [3, 0],
      summary:
        'A class with `__enter__` and `__exit__` works in a `with` statement: `__enter__` runs at the start and its return value is what `as` binds; `__exit__` runs at the end, whether the block finished or raised. ' +
        'Prefer it to `@contextmanager` when the manager keeps state, is reused, or is an object with methods of its own (a timer, a transaction).',
      pitfall: 'Returning `True` from `__exit__` swallows every exception raised in the block; return `None` unless suppressing them is the point.',
      example: [
        'import time',
        '',
        '',
        'class Timer:',
        '    def __enter__(self):',
        '        self.started = time.perf_counter()',
        '        return self',
        '',
        '    def __exit__(self, exc_type, exc, traceback):',
        '        self.elapsed = time.perf_counter() - self.started',
        '',
        '',
        'with Timer() as timer:',
        '    sum(range(1_000_000))',
        'print(f"{timer.elapsed:.3f}s")',
      ].join('\n'),
    },
    anchors: {
      class_definition: (definition, context) => {
        if (!isManagerClass(definition, context)) return undefined;
        const name = definition.childForFieldName('name')?.text;
        const alsoAsync = isAsyncManagerClass(definition, context) ? ' It also defines `__aenter__` and `__aexit__`, for `async with`.' : '';
        return definitionHeader(definition, `\`${name}\` works as \`with ${name}(…) as …:\`.${alsoAsync}`);
      },
      function_definition: methodNamed(SYNC_METHODS, isManagerClass, methodDetail),
    },
  }),
  definePattern({
    meta: {
      id: 'async-context-manager-class',
      title: 'Async context manager class',
      family: 'context-managers',
      minPython: [3, 5],
      summary:
        'A class with `async def __aenter__` and `async def __aexit__` works in `async with`: both may `await`, so opening and closing can do I/O without blocking the event loop. ' +
        'Reach for it when an async resource (a client, a pool, a transaction) is also an object with state and methods.',
      pitfall: 'Writing `__aenter__` or `__aexit__` as a plain `def`: `async with` awaits what they return, so each must be an `async def`.',
      example: [
        'import asyncio',
        '',
        '',
        'class Throttle:',
        '    def __init__(self, limit):',
        '        self.slots = asyncio.Semaphore(limit)',
        '',
        '    async def __aenter__(self):',
        '        await self.slots.acquire()',
        '        return self',
        '',
        '    async def __aexit__(self, exc_type, exc, traceback):',
        '        self.slots.release()',
        '',
        '',
        'async def download(throttle, url):',
        '    async with throttle:',
        '        print("fetching", url)',
      ].join('\n'),
    },
    anchors: {
      class_definition: (definition, context) => {
        if (!isAsyncManagerClass(definition, context)) return undefined;
        const name = definition.childForFieldName('name')?.text;
        return definitionHeader(definition, `\`${name}\` works as \`async with ${name}(…) as …:\`.`);
      },
      function_definition: methodNamed(ASYNC_METHODS, isAsyncManagerClass, methodDetail),
    },
  }),
  definePattern({
    meta: {
      id: 'exit-stack',
      title: '`ExitStack`',
      family: 'context-managers',
      minPython: [3, 3],
      summary:
        '`contextlib.ExitStack` is one `with` for any number of context managers, known only at run time: `stack.enter_context(cm)` enters each, and all of them exit in reverse order when the block ends, even when one fails. ' +
        'Reach for it to open a list of files or to set up resources conditionally; `stack.pop_all()` hands them on to be closed later.',
      pitfall: 'Creating all the managers first and entering them afterwards: a failure in between leaks the ones already open. Enter each one as soon as it is created.',
      example: [
        'from contextlib import ExitStack',
        '',
        '',
        'def read_all(paths):',
        '    with ExitStack() as stack:',
        '        files = [stack.enter_context(open(path)) for path in paths]',
        '        return [file.read() for file in files]',
      ].join('\n'),
    },
    names: ['contextlib.ExitStack'],
    nameDetail: (name) => {
      const stack = stackVariable(name);
      return { start: name.startIndex, end: name.endIndex, detail: stack && `Whatever enters through \`${stack}.enter_context(…)\` exits when this \`with\` ends, last entered first.` };
    },
  }),
  definePattern({
    meta: {
      id: 'async-exit-stack',
      title: '`AsyncExitStack`',
      family: 'context-managers',
      minPython: [3, 7],
      summary:
        '`contextlib.AsyncExitStack` is the exit stack for `async with`: `await stack.enter_async_context(cm)` enters an async manager, `stack.enter_context(cm)` a plain one, and all exit in reverse order when the block ends. ' +
        'Reach for it when a coroutine opens a varying number of connections or sessions.',
      pitfall: 'Calling `stack.enter_async_context(cm)` without `await`: the manager is never entered, and Python only warns that a coroutine was never awaited.',
      example: [
        'from contextlib import AsyncExitStack',
        '',
        '',
        'async def fetch_all(open_client, urls):',
        '    async with AsyncExitStack() as stack:',
        '        clients = [await stack.enter_async_context(open_client()) for _ in urls]',
        '        return [await client.get(url) for client, url in zip(clients, urls)]',
      ].join('\n'),
    },
    names: ['contextlib.AsyncExitStack'],
    nameDetail: (name) => {
      const stack = stackVariable(name);
      return { start: name.startIndex, end: name.endIndex, detail: stack && `Whatever enters through \`${stack}\` exits when this \`async with\` ends, last entered first.` };
    },
  }),
];
