// `--format sarif`: one SARIF 2.1.0 log on stdout, for code-scanning services (GitHub, Azure
// DevOps, GitLab). Columns count Unicode characters, as the run's `columnKind` says, like the text
// report. Each result carries its rule's metadata by index, and its fix when it has one.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { LineIndex } from '../../server/src/engine/positions';
import type { RuleMeta, Severity } from '../../server/src/engine/rule';
import { ruleDocsUrl, rulePageMarkdown } from '../../server/src/engine/rule-docs';
import type { FileFindings, ReportedFinding, Reporter, RunTotals } from './report';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVELS: Readonly<Record<Severity, Sarif.ReportingConfiguration.level>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export class SarifReporter implements Reporter {
  private readonly results: Sarif.Result[] = [];
  private readonly rules: RuleMeta[] = [];

  constructor(
    private readonly write: (text: string) => void,
    private readonly tool: { version: string; cwd: string },
  ) {}

  file({ path: file, cell, lines, findings }: FileFindings): void {
    const artifact = this.artifactLocation(file);
    for (const reported of findings) {
      const result = this.result(artifact, lines, reported);
      // SARIF has no cells: the region is in the cell, which the result's properties name.
      if (cell !== undefined) result.properties = { cell };
      this.results.push(result);
    }
  }

  finish(totals: RunTotals): void {
    const log: Sarif.Log = {
      $schema: SCHEMA,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'pyhints',
              version: this.tool.version,
              informationUri: 'https://github.com/python-pattern-hints/pyhints',
              rules: this.rules.map(ruleDescriptor),
            },
          },
          originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(this.tool.cwd + path.sep).href } },
          columnKind: 'unicodeCodePoints',
          invocations: [{ executionSuccessful: totals.failed === 0 && totals.unwritten === 0 }],
          results: this.results,
        },
      ],
    };
    this.write(JSON.stringify(log, null, 2) + '\n');
  }

  private result(artifactLocation: Sarif.ArtifactLocation, lines: LineIndex, { finding, fixEdits, severity }: ReportedFinding): Sarif.Result {
    let ruleIndex = this.rules.indexOf(finding.rule);
    if (ruleIndex < 0) ruleIndex = this.rules.push(finding.rule) - 1;
    const result: Sarif.Result = {
      ruleId: finding.rule.code,
      ruleIndex,
      level: LEVELS[severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(lines, finding.start, finding.end) } }],
    };
    if (finding.fix && fixEdits) {
      result.fixes = [
        {
          description: { text: `${finding.fix.title} (${finding.fix.safety} fix)` },
          artifactChanges: [{ artifactLocation, replacements: fixEdits.map((edit) => ({ deletedRegion: region(lines, edit.start, edit.end), insertedContent: { text: edit.text } })) }],
        },
      ];
    }
    return result;
  }

  /** Relative to the folder pyhints ran in, as code scanning expects; a file outside it by its absolute URI. */
  private artifactLocation(file: string): Sarif.ArtifactLocation {
    const absolute = path.resolve(this.tool.cwd, file);
    const relative = path.relative(this.tool.cwd, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  }
}

function region(lines: LineIndex, start: number, end: number): Sarif.Region {
  const from = lines.displayLocation(start);
  const to = lines.displayLocation(end);
  return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
}

function ruleDescriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: meta.code,
    name: meta.name,
    shortDescription: { text: meta.message },
    fullDescription: { text: meta.docs.what },
    help: { text: meta.docs.why, markdown: rulePageMarkdown(meta) },
    helpUri: ruleDocsUrl(meta),
    defaultConfiguration: { level: LEVELS[meta.severity] },
    properties: { tags: [meta.kind, meta.category] },
  };
}
