import rule from '../../server/src/rules/unused-noqa';
import { testRule } from '../rule-tester';

// The tester's engine knows only PH001: any other PH code here names no rule. How codes of real
// rules count (used, unused, not run) is tested with the whole catalog in the suppressions tests.
const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // A bare noqa and other tools' codes are theirs.
    lines('import os  # noqa', 'x = 1  # noqa: E501, F401'),
    // PH001 listed: the comment is kept on purpose.
    lines('x = 1  # noqa: PH999, PH001'),
    // Text in a string is no comment.
    lines('text = "# noqa: PH999"', 'doc = """', '# noqa: PH999', '"""'),
    // The statement around it does not parse: it may hide what the code silences.
    lines('def broken(:', '    x = 1  # noqa: PH999'),
    // `noqa` inside another word is no directive.
    lines('x = 1  # see noqa_handler: PH999'),
  ],
  invalid: [
    {
      name: 'the only code is unused: the comment and its blanks go',
      code: lines('total = 1  # noqa: PH999', 'y = 2'),
      findings: [{ text: '# noqa: PH999', line: 1, column: 12, fix: 'safe', message: /`PH999` \(no such rule\)/ }],
      output: lines('total = 1', 'y = 2'),
    },
    {
      name: "other tools' codes stay, in their order",
      code: lines('x = 1  # noqa:E501,PH998, W291'),
      findings: [{ text: '# noqa:E501,PH998, W291', fix: 'safe' }],
      output: lines('x = 1  # noqa:E501, W291'),
    },
    {
      name: 'a file-wide directive on its own line goes with its line',
      code: lines('# pyhints: noqa: PH998', 'import os', '', 'os.getcwd()'),
      findings: [{ text: '# pyhints: noqa: PH998', line: 1, column: 1 }],
      output: lines('import os', '', 'os.getcwd()'),
    },
    {
      name: 'text after the codes stays a comment',
      code: lines('a = 1  # noqa: PH998 -- kept for the old parser', 'b = 2  # noqa: PH997  # why', 'c = 3  # NOQA: ph996'),
      findings: [{ text: '# noqa: PH998' }, { text: '# noqa: PH997' }, { text: '# NOQA: ph996', message: /`PH996`/ }],
      output: lines('a = 1  # -- kept for the old parser', 'b = 2  # why', 'c = 3'),
    },
    {
      name: 'CRLF line ends and a directive in an indented block',
      code: 'def f():\r\n    # noqa: PH995\r\n    return 1\r\n',
      findings: [{ text: '# noqa: PH995', line: 2, column: 5 }],
      output: 'def f():\r\n    return 1\r\n',
    },
  ],
});
