import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { consoleOf } from './browser';
import { repoRoot } from './portal';

/** Where browser tests leave what a failed step showed. */
export const outputDir = path.join(repoRoot, 'tests', 'output');

const LOG_TAIL_LINES = 200;

export interface FailureArtifacts {
  screenshot: string;
  text: string;
  log: string;
}

function safeName(name: string): string {
  return name.replace(/[^a-z0-9-]+/gi, '-').replace(/^-|-$/g, '');
}

/** Saves a screenshot, the URL and visible text, and the backend log tail of a failed step. */
export async function saveFailureArtifacts(
  name: string,
  page: Page,
  backendLogs: () => string,
): Promise<FailureArtifacts> {
  const dir = path.join(outputDir, 'failures');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(
    dir,
    `${safeName(name)}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
  );
  const artifacts = {
    screenshot: `${base}.png`,
    text: `${base}.txt`,
    log: `${base}.backend.log`,
  };
  try {
    await page.screenshot({ path: artifacts.screenshot, fullPage: true });
  } catch (error) {
    fs.writeFileSync(artifacts.screenshot, '');
    artifacts.screenshot += ` (empty: ${String(error)})`;
  }
  let visibleText: string;
  try {
    visibleText = await page.evaluate(() => document.body?.innerText ?? '');
  } catch (error) {
    visibleText = `(page text unavailable: ${String(error)})`;
  }
  fs.writeFileSync(
    artifacts.text,
    `URL: ${page.url()}\n\n${visibleText}\n\nBrowser console:\n${consoleOf(page)
      .slice(-LOG_TAIL_LINES)
      .join('\n')}\n`,
  );
  const tail = backendLogs().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  fs.writeFileSync(artifacts.log, tail);
  return artifacts;
}

/**
 * Runs browser steps; when one fails, saves what the page showed and rethrows with the paths of
 * the saved files in the message.
 */
export async function withFailureArtifacts<T>(
  name: string,
  page: Page,
  backendLogs: () => string,
  steps: () => Promise<T>,
): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    const artifacts = await saveFailureArtifacts(name, page, backendLogs);
    const cause = error instanceof Error ? error.message : String(error);
    const failure = new Error(
      `${cause}\n\nWhat the page showed:\n  screenshot: ${artifacts.screenshot}\n  URL and text: ${artifacts.text}\n  backend log tail: ${artifacts.log}`,
    );
    failure.stack = `${failure.message}\n${
      error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : ''
    }`;
    throw failure;
  }
}
