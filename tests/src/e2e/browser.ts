import { Browser, chromium, Page } from 'playwright-core';

/** How long a page step may take: the first load of the app bundle is slow on a busy machine. */
const STEP_TIMEOUT_MS = 90_000;

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Backstage's sign-in page remembers the provider a user signed in with. */
const SIGN_IN_PROVIDER_KEY = '@backstage/core:SignInPage:provider';

/** Debian's headless Chromium (or `OCDP_CHROMIUM_PATH`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.OCDP_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

/** Resolves once the signed-in app shell (the sidebar) is on screen. */
export async function waitForSignedInShell(page: Page) {
  await page.getByRole('link', { name: 'GPU Platform' }).first().waitFor();
}

/**
 * Signs in through the guest provider's sign-in page and returns only once the app is signed in:
 * the shell is shown and the sign-in page has recorded the provider, so a later navigation (a full
 * reload) restores the session instead of asking again.
 */
export async function signInAsGuest(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/ocdp`);
  await page.getByRole('button', { name: 'Enter' }).click();
  await waitForSignedInShell(page);
  await page.waitForFunction(
    key => window.localStorage.getItem(key) === 'guest',
    SIGN_IN_PROVIDER_KEY,
  );
}

/** Navigates within a signed-in session and waits for the signed-in shell again. */
export async function gotoSignedIn(page: Page, url: string) {
  await page.goto(url);
  await waitForSignedInShell(page);
}

/**
 * Waits until the page no longer scrolls sideways (a panel that is still expanding or a layout
 * that is still reflowing after a resize); false when it still does after `timeoutMs`.
 */
export async function settlesWithoutHorizontalOverflow(
  page: Page,
  timeoutMs = 5_000,
): Promise<boolean> {
  try {
    await page.waitForFunction(
      () => document.documentElement.scrollWidth <= window.innerWidth + 1,
      undefined,
      { timeout: timeoutMs },
    );
    return true;
  } catch {
    return false;
  }
}

const consoleLogs = new WeakMap<Page, string[]>();

/** What the page wrote to its console and its uncaught errors, for failure reports. */
export function consoleOf(page: Page): string[] {
  return consoleLogs.get(page) ?? [];
}

/** A desktop-sized page whose steps wait up to STEP_TIMEOUT_MS. */
export async function openPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const lines: string[] = [];
  consoleLogs.set(page, lines);
  page.on('console', m => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', e => lines.push(`[pageerror] ${e.message}`));
  return page;
}
