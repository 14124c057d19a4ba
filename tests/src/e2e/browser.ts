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

/** Debian's headless Chromium (or `OCDP_CHROMIUM_PATH`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.OCDP_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

/** Signs in through the guest provider's sign-in page. */
export async function signInAsGuest(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/ocdp`);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
}

/** Whether the page scrolls sideways: content wider than the viewport. */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth + 1,
  );
}

/** A desktop-sized page whose steps wait up to STEP_TIMEOUT_MS. */
export async function openPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
  });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  return page;
}
