// What a user sees, checked in the real workbench: open the sample workspace and a file, find the
// squiggle, read the hover, open the light bulb and apply the fix, save, then hover over correct
// code. Each step is a check, and four of them leave the screenshots the README shows.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import type { CodeServer } from './code-server.mjs';
import { RUN_DIR, type Check } from './environment.mjs';

const FILE = 'readings.py';
/** The line the screenshots are about, before and after its quick fix. */
const FLAGGED_LINE = '    return sum([r.value for r in readings]) / len(readings)';
const FIXED_LINE = '    return sum(r.value for r in readings) / len(readings)';
const FIX_TITLE = 'Use a generator expression';
/** A file without findings, and the construct whose explanation the last screenshot shows. */
const PATTERN_FILE = 'shapes.py';
const PATTERN_LINE = '@dataclass(frozen=True)';
const STEP_TIMEOUT_MS = 30_000;

export const SCREENSHOTS = ['diagnostic.png', 'hover.png', 'quick-fix.png', 'pattern-hover.png'] as const;

export async function runUiCheck(options: { server: CodeServer; browser: Browser; workspace: string; screenshotDir: string }): Promise<Check[]> {
  const { server, browser, workspace, screenshotDir } = options;
  const context = await browser.newContext({ viewport: { width: 1100, height: 640 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const checks: Check[] = [];
  // The steps depend on each other: after the first failure the rest are not attempted.
  const step = async (name: string, body: () => Promise<void>): Promise<void> => {
    if (checks.some((check) => !check.ok)) return;
    const started = Date.now();
    try {
      await body();
      checks.push({ name, ok: true });
      console.log(`    ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      const failureShot = path.join(RUN_DIR, 'ui-failure.png');
      await page.screenshot({ path: failureShot }).catch(() => undefined);
      const detail = `${error instanceof Error ? error.message.split('\n')[0] : String(error)} (screenshot: ${failureShot})`;
      checks.push({ name, ok: false, detail });
      console.log(`    FAIL ${name}: ${detail}`);
    }
  };
  const editor = page.locator('.editor-group-container .monaco-editor').first();
  const squiggle = editor.locator('.squiggly-info, .squiggly-warning, .squiggly-error').first();

  try {
    await step('the workbench opens the sample workspace', async () => {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
      await page.getByRole('treeitem', { name: FILE }).first().waitFor({ timeout: 60_000 });
    });

    await step(`${FILE} opens from the Explorer and its findings are underlined`, async () => {
      await page.getByRole('treeitem', { name: FILE }).first().click();
      await page.locator(`.tab[data-resource-name="${FILE}"]`).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await squiggle.waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
    });

    await step('the Problems panel lists the findings with their codes', async () => {
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel');
      await problems.filter({ hasText: 'PH502' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await problems.filter({ hasText: 'PH107' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.screenshot({ path: path.join(screenshotDir, 'diagnostic.png') });
    });

    await step('hovering the squiggle shows the explanation', async () => {
      // The panel would leave the hover little room.
      await page.keyboard.press('Control+J');
      await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      const target = await lineSquiggle(editor, FLAGGED_LINE);
      const box = await target.boundingBox();
      if (!box) throw new Error('the squiggle has no position on screen');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover').filter({ hasText: 'comprehension-in-call' }).first();
      await hover.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await page.screenshot({ path: path.join(screenshotDir, 'hover.png') });
    });

    await step('the light bulb offers the quick fix', async () => {
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      // Put the cursor on the finding (the squiggle layer lies under the text, so click the spot).
      const box = await (await lineSquiggle(editor, FLAGGED_LINE)).boundingBox();
      if (!box) throw new Error('the squiggle has no position on screen');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.move(5, 5);
      // The key can reach the editor before it has taken the click's focus: press it again then.
      const menu = page.locator('.action-widget').filter({ hasText: FIX_TITLE }).first();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+.');
        const shown = await menu.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS / 3 }).then(() => true, () => false);
        if (shown) break;
        if (attempt === 3) throw new Error(`Control+. opened no menu with "${FIX_TITLE}" in three attempts`);
      }
      await page.screenshot({ path: path.join(screenshotDir, 'quick-fix.png') });
    });

    await step('applying it rewrites the line, and saving writes it to disk', async () => {
      await page.locator('.action-widget .monaco-list-row').filter({ hasText: FIX_TITLE }).first().click();
      await editorLine(editor, FIXED_LINE).waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Control+S');
      const file = path.join(workspace, FILE);
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      while (!readFileSync(file, 'utf8').split('\n').includes(FIXED_LINE)) {
        if (Date.now() > deadline) throw new Error(`${file} was not saved with the fix`);
        await page.waitForTimeout(100);
      }
    });

    await step('hovering a correct construct explains the pattern', async () => {
      await page.getByRole('treeitem', { name: PATTERN_FILE }).first().click();
      await page.locator(`.tab[data-resource-name="${PATTERN_FILE}"]`).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      // The token of the decorator's name as Monaco renders it (one span per token, `@` included or not).
      const token = editorLine(editor, PATTERN_LINE).first().locator('span span').filter({ hasText: /^@?dataclass$/ }).first();
      await token.waitFor({ timeout: STEP_TIMEOUT_MS });
      const box = await token.boundingBox();
      if (!box) throw new Error(`the line is not on screen: ${PATTERN_LINE}`);
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Python pattern' }).first();
      await hover.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await page.screenshot({ path: path.join(screenshotDir, 'pattern-hover.png') });
    });
  } finally {
    await context.close();
  }
  return checks;
}

/** The rendered editor line with exactly this text (Monaco renders spaces as no-break spaces). */
function editorLine(editor: Locator, text: string): Locator {
  return editor.locator('.view-line').filter({ hasText: new RegExp(`^${escapeRegExp(text.replace(/ /g, '\u00a0'))}$`) });
}

/**
 * The squiggle drawn under the given line. Monaco draws decorations in a layer beside the text, so
 * the squiggle is found by its vertical position.
 */
async function lineSquiggle(editor: Locator, lineText: string): Promise<Locator> {
  const line = editorLine(editor, lineText).first();
  await line.waitFor({ timeout: STEP_TIMEOUT_MS });
  const lineBox = await line.boundingBox();
  if (!lineBox) throw new Error(`the line is not on screen: ${lineText}`);
  const squiggles = editor.locator('.squiggly-info, .squiggly-warning, .squiggly-error');
  for (let index = 0; index < (await squiggles.count()); index++) {
    const candidate = squiggles.nth(index);
    const box = await candidate.boundingBox();
    if (box && Math.abs(box.y + box.height / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height) return candidate;
  }
  throw new Error(`no squiggle on the line: ${lineText}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
