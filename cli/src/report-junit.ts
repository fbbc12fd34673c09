// `--format junit`: a JUnit XML report, which CI services show as test results: a suite per file
// with findings, a failed test case per finding. A run without findings is one passing case, so
// that the report is never empty.

import { placeLabel, type FileFindings, type Reporter } from './report';

interface Suite {
  path: string;
  cases: string[];
}

export class JunitReporter implements Reporter {
  private readonly suites: Suite[] = [];
  private failures = 0;

  constructor(private readonly write: (text: string) => void) {}

  file(result: FileFindings): void {
    const { path, lines, findings } = result;
    if (findings.length === 0) return;
    const place = placeLabel(result);
    const cases = findings.map(({ finding }) => {
      const { line, column } = lines.displayLocation(finding.start);
      const name = `${finding.rule.code} ${finding.rule.name} (${result.cell === undefined ? '' : `cell ${result.cell} `}${line}:${column})`;
      return [
        `    <testcase name="${xml(name)}" classname="${xml(path)}" file="${xml(path)}"${result.cell === undefined ? ` line="${line}"` : ''}>`,
        `      <failure message="${xml(finding.message)}" type="${finding.rule.code}">${xml(`${place}:${line}:${column}: ${finding.rule.code} ${finding.message}`)}</failure>`,
        '    </testcase>',
      ].join('\n');
    });
    this.failures += cases.length;
    this.suites.push({ path, cases });
  }

  finish(): void {
    const suite = (name: string, cases: readonly string[], failures: number) =>
      [`  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0">`, ...cases, '  </testsuite>'].join('\n');
    const body = this.suites.length > 0 ? this.suites.map(({ path, cases }) => suite(path, cases, cases.length)) : [suite('pyhints', ['    <testcase name="no findings" classname="pyhints"/>'], 0)];
    const tests = Math.max(this.failures, 1);
    this.write(['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="pyhints" tests="${tests}" failures="${this.failures}" errors="0">`, ...body, '</testsuites>', ''].join('\n'));
  }
}

/**
 * Text as XML 1.0 character data or an attribute value. Characters XML 1.0 cannot hold at all
 * (most C0 controls, lone surrogates) become U+FFFD: a message may quote odd source text.
 */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
