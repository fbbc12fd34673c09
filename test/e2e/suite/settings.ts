// Changing a setting re-analyzes the open files: the server pulls pyhints.* through
// workspace/configuration when the client reports a change.

import * as assert from 'node:assert/strict';
import { openPristine, setSetting, sortByPosition, summarize, test, waitForDiagnostics } from './harness';
import { READINGS_FINDINGS } from './diagnostics';

test('pyhints.ignore and pyhints.select re-analyze the open file', async () => {
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);
  try {
    await setSetting('ignore', ['PH502']);
    const ignored = await waitForDiagnostics(document.uri, 'only PH107 with PH502 ignored', (found) => found.length === 1);
    assert.deepEqual(ignored.map(summarize), READINGS_FINDINGS.filter((finding) => finding.code === 'PH107'));

    await setSetting('ignore', undefined);
    await setSetting('select', ['comprehension-in-call']);
    const selected = await waitForDiagnostics(document.uri, 'only PH502 with it selected by name', (found) => found.length === 3);
    assert.deepEqual(sortByPosition(selected).map(summarize), READINGS_FINDINGS.filter((finding) => finding.code === 'PH502'));
  } finally {
    await setSetting('ignore', undefined);
    await setSetting('select', undefined);
  }
  await waitForDiagnostics(document.uri, 'all four findings back', (found) => found.length === 4);
});

test('pyhints.enable off stops the server and clears the findings; on brings them back', async () => {
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);
  try {
    await setSetting('enable', false);
    await waitForDiagnostics(document.uri, 'no findings while disabled', (found) => found.length === 0);
  } finally {
    await setSetting('enable', undefined);
  }
  const back = await waitForDiagnostics(document.uri, 'the findings after enabling again', (found) => found.length === 4);
  assert.deepEqual(sortByPosition(back).map(summarize), READINGS_FINDINGS);
});
