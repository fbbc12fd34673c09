import rule from '../../server/src/rules/decorator-erases-signature';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // Already a ParamSpec.
    lines(
      'from typing import Callable, ParamSpec, TypeVar',
      'P = ParamSpec("P")',
      'R = TypeVar("R")',
      'def logged(func: Callable[P, R]) -> Callable[P, R]:',
      '    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:',
      '        return func(*args, **kwargs)',
      '    return wrapper',
    ),
    // The pre-3.10 idiom: a TypeVar bound to Callable keeps the signature.
    lines(
      'from typing import Any, Callable, TypeVar, cast',
      'F = TypeVar("F", bound=Callable[..., Any])',
      'def logged(func: F) -> F:',
      '    def wrapper(*args: Any, **kwargs: Any) -> Any:',
      '        return func(*args, **kwargs)',
      '    return cast(F, wrapper)',
    ),
    // A concrete signature is spelled out; nothing is erased.
    lines(
      'from typing import Callable',
      'def twice(func: Callable[[int], int]) -> Callable[[int], int]:',
      '    def wrapper(x: int) -> int:',
      '        return func(func(x))',
      '    return wrapper',
    ),
    // Registration returns the function itself: no wrapper to type.
    lines('from typing import Any, Callable', 'HOOKS = []', 'def hook(func: Callable[..., Any]) -> Callable[..., Any]:', '    HOOKS.append(func)', '    return func'),
    // The wrapper does not pass everything through, so a ParamSpec would not fit.
    lines(
      'from typing import Any, Callable',
      'def with_retries(func: Callable[..., Any]) -> Callable[..., Any]:',
      '    def wrapper(*args: Any, **kwargs: Any) -> Any:',
      '        return func(*args)',
      '    return wrapper',
    ),
    // An injected keyword changes the signature in a way a ParamSpec cannot express.
    lines(
      'from typing import Callable, TypeVar',
      'T = TypeVar("T")',
      'def with_namespace(f: Callable[..., T]) -> Callable[..., T]:',
      '    def wrapped(*args: object, **kwargs: object) -> T:',
      '        return f(*args, xp=numpy, **kwargs)',
      '    return wrapped',
    ),
    // A handler lookup returns a callable but takes no function.
    lines('from typing import Any, Callable', 'def handler_for(name: str) -> Callable[..., Any]:', '    def handle(*args, **kwargs):', '        return dispatch(name, *args, **kwargs)', '    return handle'),
    // Unannotated decorators leave the types to inference.
    lines('def logged(func):', '    def wrapper(*args, **kwargs):', '        return func(*args, **kwargs)', '    return wrapper'),
    // `Callable` from another library is not typing's.
    lines(
      'from mylib.types import Callable',
      'def logged(func: Callable) -> Callable:',
      '    def wrapper(*args, **kwargs):',
      '        return func(*args, **kwargs)',
      '    return wrapper',
    ),
    // Below Python 3.10 `typing` has no ParamSpec.
    {
      name: 'silent when targeting 3.9',
      target: [3, 9],
      code: lines(
        'from typing import Any, Callable',
        'def logged(func: Callable[..., Any]) -> Callable[..., Any]:',
        '    def wrapper(*args, **kwargs):',
        '        return func(*args, **kwargs)',
        '    return wrapper',
      ),
    },
  ],
  invalid: [
    {
      code: lines(
        'import typing',
        '',
        'def logged(func: typing.Callable[..., typing.Any]) -> typing.Callable[..., typing.Any]:',
        '    def wrapper(*args, **kwargs):',
        '        return func(*args, **kwargs)',
        '    return wrapper',
      ),
      findings: [{ text: 'typing.Callable[..., typing.Any]', line: 3, column: 55, fix: null, message: '`wrapper` passes `*args, **kwargs` through' }],
    },
    {
      name: 'bare Callable from collections.abc, async wrapper',
      code: lines(
        'from collections.abc import Callable',
        '',
        'def timed(coro: Callable) -> Callable:',
        '    async def run(*a, **kw):',
        '        return await coro(*a, **kw)',
        '    return run',
      ),
      findings: [{ text: 'Callable', line: 3, column: 30 }],
    },
    {
      name: 'the innermost level of a factory',
      code: lines(
        'from typing import Any, Callable',
        '',
        'def retry(times: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:',
        '    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:',
        '        def attempt(*args: Any, **kwargs: Any) -> Any:',
        '            for _ in range(times - 1):',
        '                try:',
        '                    return func(*args, **kwargs)',
        '                except OSError:',
        '                    pass',
        '            return func(*args, **kwargs)',
        '        return attempt',
        '    return decorate',
      ),
      findings: [{ text: 'Callable[..., Any]', line: 4 }],
    },
    {
      name: 'a leading argument is what Concatenate describes',
      code: lines(
        'from typing import Any, Callable',
        '',
        'def with_connection(func: Callable[..., Any]) -> Callable[..., Any]:',
        '    def wrapper(*args, **kwargs):',
        '        with pool.connect() as connection:',
        '            return func(connection, *args, **kwargs)',
        '    return wrapper',
      ),
      findings: [{ text: 'Callable[..., Any]', line: 3, column: 50 }],
    },
  ],
});
