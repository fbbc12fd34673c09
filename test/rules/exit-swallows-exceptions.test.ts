import rule from '../../server/src/rules/exit-swallows-exceptions';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // Nothing but the return: a suppressor written on purpose (tests of `with` semantics are full of them).
    lines('class Silence:', '    def __enter__(self):', '        return self', '', '    def __exit__(self, *exc_info):', '        return True'),
    // `async with` awaits a plain `def __aexit__`'s result: returning a constant raises TypeError, it suppresses nothing.
    lines('class Broken:', '    async def __aenter__(self):', '        return self', '', '    def __aexit__(self, *exc_info):', '        self.closed = True', '        return 456'),
    // Returns None: exceptions propagate.
    lines('class Session:', '    def __exit__(self, exc_type, exc, tb):', '        self.close()'),
    lines('class Session:', '    def __exit__(self, exc_type, exc, tb):', '        self.close()', '        return False'),
    // Suppresses only the exceptions it is about.
    lines(
      'class Interrupted:',
      '    def __exit__(self, exc_type, exc, tb):',
      '        if exc_type is KeyboardInterrupt:',
      '            print("stopped")',
      '            return True',
      '        return False',
    ),
    lines('class expect:', '    def __exit__(self, exc_type, exc, tb):', '        return exc_type is not None and issubclass(exc_type, self.expected)'),
    lines('class Retry:', '    def __exit__(self, exc_type, exc, tb):', '        self.attempts += 1', '        if exc_type is None or self.attempts >= 3:', '            return False', '        return True'),
    // Falls off the end (None) on some exception paths.
    lines('class Tx:', '    def __exit__(self, exc_type, exc, tb):', '        if isinstance(exc, Retryable):', '            return True', '        self.rollback()'),
    // True only when nothing was raised: the value is ignored then.
    lines('class Tx:', '    def __exit__(self, exc_type, exc, tb):', '        if exc_type is None:', '            self.commit()', '            return True', '        self.rollback()'),
    // Re-raises something else when an exception came in.
    lines('class Translated:', '    def __exit__(self, exc_type, exc, tb):', '        if exc_type is not None:', '            raise ApiError(str(exc)) from exc', '        return True'),
    // Classes whose purpose is suppressing say so.
    lines('class IgnoreErrors:', '    def __enter__(self):', '        return self', '', '    def __exit__(self, *exc_info):', '        return True'),
    lines('class suppress_stdout:', '    def __exit__(self, *args):', '        sys.stdout = self.saved', '        return True'),
    lines('class Guard:', '    """Logs and swallows whatever the block raises."""', '', '    def __exit__(self, exc_type, exc, tb):', '        log.exception("failed")', '        return True'),
    lines('class Guard:', '    def __exit__(self, exc_type, exc, tb):', '        log.exception("failed")', '        return True  # deliberately ignore errors from plugins'),
    // Raising on some path tells exceptions apart: the unexpected ones propagate (as another error).
    lines(
      'class Lease:',
      '    def __exit__(self, exc_type, exc, tb):',
      '        if exc_type is not None and not issubclass(exc_type, LeaseExpired):',
      '            raise LeaseLost() from exc',
      '        return True',
    ),
    lines(
      'class _AssertRaisesContext:',
      '    def __exit__(self, exc_type, exc, tb):',
      '        if exc_type is None:',
      '            self._case.fail("nothing raised")',
      '        if not issubclass(exc_type, self._expected):',
      '            self._case.fail("wrong exception")',
      '        self.exception = exc',
      '        return True',
    ),
    // A return in `finally` is not followed.
    lines('class Odd:', '    def __exit__(self, exc_type, exc, tb):', '        try:', '            return True', '        finally:', '            return self.flag'),
    // Not a context manager method.
    lines('class Handler:', '    def exit(self, code):', '        return True', '    def __enter__(self):', '        return True'),
    // A protocol declares the method.
    lines('from typing import Protocol', '', 'class Closing(Protocol):', '    def __exit__(self, exc_type, exc, tb) -> bool:', '        return True'),
  ],
  invalid: [
    {
      name: 'an unconditional return True',
      code: lines('class Connection:', '    def __enter__(self):', '        return self', '', '    def __exit__(self, exc_type, exc, tb):', '        self.close()', '        return True'),
      findings: [{ text: '__exit__', line: 5, column: 9, fix: null, message: '`__exit__` returns `True` on every path' }],
    },
    {
      name: 'both branches return True',
      code: lines(
        'class Transaction:',
        '    def __exit__(self, exc_type, exc, tb):',
        '        if exc_type is None:',
        '            self.commit()',
        '        else:',
        '            self.rollback()',
        '        return True',
      ),
      findings: [{ text: '__exit__', line: 2 }],
    },
    {
      name: 'True only when an exception came in, None otherwise: still every exception',
      code: lines('class Logged:', '    def __exit__(self, exc_type, exc, tb):', '        if exc_type is not None:', '            log.error("failed: %s", exc)', '            return True'),
      findings: [{ text: '__exit__' }],
    },
    {
      name: 'an async manager swallows cancellation too; other truthy constants',
      code: lines('class Pool:', '    async def __aexit__(self, *exc_info):', '        await self.close()', '        return 1'),
      findings: [{ text: '__aexit__', message: '`__aexit__` returns `1` on every path' }],
    },
    {
      name: 'names that only contain a suppressing word do not exempt the class',
      code: lines('class Mutex:', '    def __exit__(self, et, ev, tb):', '        self.unlock()', '        return True', '', 'class Bootstrap:', '    def __exit__(self, et, ev, tb):', '        self.finish()', '        return True'),
      findings: [{ text: '__exit__', line: 2 }, { text: '__exit__', line: 7 }],
    },
    {
      name: 'a nested class',
      code: lines('class Outer:', '    class Scope:', '        def __exit__(self, et, ev, tb):', '            self.close()', '            return True'),
      findings: [{ text: '__exit__', line: 3 }],
    },
  ],
});
