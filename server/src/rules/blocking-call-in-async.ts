import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type FixSpec, type RuleContext } from '../engine/rule';
import { localScope } from '../engine/semantic/local-scopes';
import { valueUses } from '../engine/semantic/value-uses';
import { enclosingCoroutine, isAsync, namedChildren } from '../engine/syntax';
import { isTestCode } from '../engine/semantic/test-code';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
/** Module-level functions of the synchronous HTTP clients: each waits for the whole response. */
const HTTP_CALLS = [...HTTP_METHODS.map((method) => `requests.${method}`), ...HTTP_METHODS.map((method) => `httpx.${method}`), 'urllib.request.urlopen', 'urllib3.request'];
/** Calls that start a process and wait for it to exit. */
const PROCESS_CALLS = ['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'os.system'];
const FILE_OPENERS = ['builtins.open', 'io.open'];

/** Methods of a file object that read or write it. */
const FILE_METHODS = new Set(['read', 'readline', 'readlines', 'readinto', 'write', 'writelines']);
/** Functions that read or write the file they are given. */
const FILE_FUNCTIONS = ['json.load', 'json.dump', 'pickle.load', 'pickle.dump', 'tomllib.load', 'marshal.load', 'marshal.dump'];
/** Async frameworks whose coroutines cannot await `asyncio.sleep`: the sleep fix would break them. */
const OTHER_FRAMEWORKS = /^(trio|anyio|curio)(?:\.|$)/;

/** How the message names a call: `subprocess.run`, `input` for the builtin. */
function displayName(qualified: string): string {
  return qualified.startsWith('builtins.') ? qualified.slice('builtins.'.length) : qualified;
}

/** A handler that reports the call when a coroutine's own code makes it, in words `advice` writes from its name. */
function blockingCall(advice: (name: string) => string): CallHandler {
  return (call, context, qualified) => {
    if (!enclosingCoroutine(call) || isTestCode(call, context.semantic)) return;
    context.report({ node: call.childForFieldName('function')!, message: advice(displayName(qualified)) });
  };
}

const checkSleep: CallHandler = (call, context) => {
  // A test blocks on purpose: to keep the loop busy until a timeout expires, or to order two threads.
  if (!enclosingCoroutine(call) || isTestCode(call, context.semantic)) return;
  const framework = otherFramework(context);
  context.report({
    node: call.childForFieldName('function')!,
    message: `\`time.sleep()\` in a coroutine blocks the event loop, and every other task waits with it: use \`await ${framework ?? 'asyncio'}.sleep()\``,
    fix: framework ? undefined : awaitAsyncioSleep(call, context),
  });
};

/**
 * `time.sleep(x)` standing alone as a statement becomes `await asyncio.sleep(x)`. Elsewhere (`x =
 * time.sleep(1)`, inside a larger expression) the rewrite would change what the expression is, so
 * no fix is offered.
 */
function awaitAsyncioSleep(call: Node, context: RuleContext): FixSpec | undefined {
  const statement = call.parent;
  if (statement?.type !== 'expression_statement' || namedChildren(statement).length !== 1) return undefined;
  const argumentList = call.childForFieldName('arguments');
  const argumentsOf = namedChildren(argumentList);
  if (argumentList?.type !== 'argument_list' || argumentsOf.length !== 1 || ['keyword_argument', 'list_splat', 'dictionary_splat'].includes(argumentsOf[0].type)) return undefined;
  const spelled = sleepSpelling(call, context);
  if (!spelled) return undefined;
  return { edits: [{ start: call.startIndex, end: call.endIndex, text: `await ${spelled.name}${context.text(argumentList)}` }], imports: spelled.imports };
}

/** The trio, anyio or curio the module imports, if any. */
function otherFramework(context: RuleContext): string | undefined {
  for (const bindings of context.facts.bindings.values()) {
    for (const binding of bindings) {
      const framework = binding.qualified === undefined ? undefined : OTHER_FRAMEWORKS.exec(binding.qualified)?.[1];
      if (framework) return framework;
    }
  }
  return undefined;
}

/** How to write `asyncio.sleep` at the call: through the module's imports, else with a new `import asyncio`. */
function sleepSpelling(call: Node, context: RuleContext): { name: string; imports?: FixSpec['imports'] } | undefined {
  const { semantic } = context;
  const direct = semantic.spell('asyncio.sleep', call);
  if (direct) return { name: direct };
  const module = semantic.spell('asyncio', call);
  if (module) return { name: `${module}.sleep` };
  return semantic.isFree('asyncio', call) ? { name: 'asyncio.sleep', imports: [{ module: 'asyncio' }] } : undefined;
}

/**
 * `open()` in a coroutine whose file the coroutine itself reads or writes: `open(p).read()`, or
 * `with open(p) as f:` with `f.read()`, `f.write(…)`, `for line in f`, `json.load(f)` in the
 * block. An `open()` whose file is handed on (to an upload, to `asyncio.to_thread(f.read)`) is
 * not flagged: who reads it, and how, is not known here.
 */
const checkOpen: CallHandler = (call, context) => {
  const coroutine = enclosingCoroutine(call);
  if (!coroutine || isTestCode(call, context.semantic) || !(isFileMethodCall(call) || blockingWithBlock(call, coroutine, context))) return;
  context.report({
    node: call.childForFieldName('function')!,
    message: 'Reading or writing a file with `open()` in a coroutine blocks the event loop: use `aiofiles`, or `await asyncio.to_thread(...)` for the whole read or write',
  });
};

/** `<file>.read()`, `<file>.write(…)` … with `<file>` the node. */
function isFileMethodCall(file: Node): boolean {
  const access = file.parent;
  if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== file.id) return false;
  const call = access.parent;
  return FILE_METHODS.has(access.childForFieldName('attribute')?.text ?? '') && call?.type === 'call' && call.childForFieldName('function')?.id === access.id;
}

/** `with open(…) as f:` (not `async with`) whose block, in the coroutine's own code, reads or writes `f`. */
function blockingWithBlock(call: Node, coroutine: Node, context: RuleContext): boolean {
  const pattern = call.parent;
  if (pattern?.type !== 'as_pattern' || pattern.firstNamedChild?.id !== call.id || pattern.parent?.type !== 'with_item') return false;
  const statement = pattern.parent.parent?.parent;
  if (statement?.type !== 'with_statement' || isAsync(statement)) return false;
  const alias = pattern.childForFieldName('alias')?.firstNamedChild;
  const binding = alias?.type === 'identifier' ? localScope(coroutine).bindings.get(alias.text)?.find((each) => each.node?.id === alias.id) : undefined;
  const body = statement.childForFieldName('body');
  if (!binding || !body) return false;
  return valueUses(context.semantic, binding).references.some(
    (reference) =>
      reference.startIndex >= body.startIndex &&
      reference.endIndex <= body.endIndex &&
      context.semantic.resolve(reference)?.node?.id === binding.node?.id &&
      enclosingCoroutine(reference)?.id === coroutine.id &&
      (isFileMethodCall(reference) || isIterated(reference) || isHandedToFileFunction(reference, context)),
  );
}

/** `for line in f:` (not `async for`). */
function isIterated(reference: Node): boolean {
  const loop = reference.parent;
  return loop?.type === 'for_statement' && loop.childForFieldName('right')?.id === reference.id && !isAsync(loop);
}

/** `json.load(f)`, `pickle.dump(data, f)` … */
function isHandedToFileFunction(reference: Node, context: RuleContext): boolean {
  const argumentList = reference.parent;
  const call = argumentList?.type === 'argument_list' ? argumentList.parent : null;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  return callee ? context.semantic.matches(callee, ...FILE_FUNCTIONS) : false;
}

const handlers: Record<string, CallHandler> = { 'time.sleep': checkSleep, 'builtins.input': blockingCall(() => '`input()` in a coroutine blocks the event loop until the user answers: use `await asyncio.to_thread(input, ...)`') };
for (const name of HTTP_CALLS) {
  handlers[name] = blockingCall((call) => `\`${call}()\` in a coroutine blocks the event loop until the response arrives: use an async client (\`httpx.AsyncClient\`, \`aiohttp\`) or \`await asyncio.to_thread(...)\``);
}
for (const name of PROCESS_CALLS) {
  handlers[name] = blockingCall((call) => `\`${call}()\` in a coroutine blocks the event loop until the process exits: use \`asyncio.create_subprocess_exec()\` or \`await asyncio.to_thread(...)\``);
}
for (const name of FILE_OPENERS) handlers[name] = checkOpen;

export default defineRule({
  meta: {
    code: 'PH401',
    name: 'blocking-call-in-async',
    kind: 'correctness',
    selection: 'default',
    category: 'async',
    severity: 'warning',
    minPython: [3, 5],
    message: 'A blocking call in a coroutine stops the event loop and every other task with it',
    docs: {
      what: [
        'Flags blocking calls made by the code of an `async def` itself: `time.sleep()`, the HTTP functions of `requests`,',
        '`httpx` and `urllib.request.urlopen()`, `subprocess.run()` and its relatives, `os.system()`, `input()`, and',
        '`open()` when the coroutine reads or writes the file it opens. Test code (`test*` functions, `…Test…` classes,',
        'pytest fixtures) is left alone: a test blocks on purpose, to keep the loop busy until a timeout expires.',
      ].join(' '),
      why: [
        'An event loop runs one piece of code at a time, and it only moves to another task at an `await`. A coroutine that',
        'sleeps, waits for a response, a process or a keypress without awaiting holds the whole loop: every other request,',
        'timer and heartbeat stalls until it returns, and timeouts elsewhere fire for no visible reason.',
        '',
        'Await the asynchronous counterpart instead: `asyncio.sleep()`, an async HTTP client such as `httpx.AsyncClient` or',
        '`aiohttp`, `asyncio.create_subprocess_exec()`, or `aiofiles` for files. Where there is none, run the blocking call',
        'in a worker thread with `await asyncio.to_thread(func, *args)` (or `loop.run_in_executor`).',
        '',
        'Code in a plain `def` or a `lambda` inside the coroutine is not flagged: it runs wherever it is called, which is',
        'often a worker thread (`asyncio.to_thread(lambda: requests.get(url))`). Neither is an `open()` whose file object',
        'is handed on rather than read or written by the coroutine.',
      ].join('\n'),
      example: [
        'import time',
        '',
        'import requests',
        '',
        '',
        'async def wait_for_job(url):',
        '    while True:',
        '        job = requests.get(url).json()',
        '        if job["done"]:',
        '            return job',
        '        time.sleep(5)',
      ].join('\n'),
      instead: [
        'import asyncio',
        '',
        'import httpx',
        '',
        '',
        'async def wait_for_job(url):',
        '    async with httpx.AsyncClient() as client:',
        '        while True:',
        '            job = (await client.get(url)).json()',
        '            if job["done"]:',
        '                return job',
        '            await asyncio.sleep(5)',
      ].join('\n'),
      fixSafety: [
        'Only `time.sleep(x)` written as a statement of its own is fixed, to `await asyncio.sleep(x)` (importing `asyncio`',
        'when needed). The fix is unsafe because the pause now lets other tasks run, and the coroutine can be cancelled',
        'there: that is the point of the change, but code may rely on nothing else running meanwhile, and a test may',
        'block on purpose to provoke a timeout. A module that imports trio, anyio or curio gets no fix: its coroutines',
        'cannot await `asyncio.sleep`.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Await asyncio.sleep' },
    peers: [
      { tool: 'ruff', code: 'ASYNC251', name: 'blocking-sleep-in-async-function' },
      { tool: 'ruff', code: 'ASYNC210', name: 'blocking-http-call-in-async-function' },
      { tool: 'ruff', code: 'ASYNC221', name: 'run-process-in-async-function' },
      { tool: 'ruff', code: 'ASYNC230', name: 'blocking-open-call-in-async-function' },
      { tool: 'ruff', code: 'ASYNC250', name: 'blocking-input-in-async-function' },
    ],
    narrower: [
      'Ruff flags every `open()` in an async function; this rule only an `open()` whose file the coroutine reads or writes',
      'itself. Starting a process with `subprocess.Popen` (ASYNC220) and `os.wait*` (ASYNC222) are not flagged.',
    ].join(' '),
  },
  visit: { calls: handlers, sourceIncludes: 'async' },
});
