import { startKubeSim, KubeSim } from '@ocdp/kube-sim';
import { ClusterGpuReport } from '@ocdp/plugin-ocdp-common';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import {
  gotoSignedIn,
  launchChromium,
  openPage,
  settlesWithoutHorizontalOverflow,
  signInAsGuest,
} from './browser';
import { outputDir, withFailureArtifacts } from './failureArtifacts';
import {
  guestToken,
  RunningPortal,
  startPortal,
  waitForCatalogEntity,
} from './portal';

jest.setTimeout(600_000);

const screenshotDir = outputDir;

/** The demo cluster's GPU report as the signed-in guest user gets it from the backend. */
async function gpuReport(baseUrl: string): Promise<ClusterGpuReport> {
  const res = await fetch(`${baseUrl}/api/ocdp/clusters/demo/gpu`, {
    headers: { authorization: `Bearer ${await guestToken(baseUrl)}` },
  });
  if (!res.ok) {
    throw new Error(
      `GET /clusters/demo/gpu: ${res.status} ${await res.text()}`,
    );
  }
  return res.json();
}

/**
 * How tall the page would be if its scrolling content panel did not scroll: Backstage pages
 * scroll inside a panel, so a full-page screenshot alone shows one screen.
 */
function contentHeight(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(
      document.documentElement.scrollHeight,
      ...Array.from(document.querySelectorAll('main, article, div'))
        .filter(e => {
          const overflow = getComputedStyle(e).overflowY;
          return (
            (overflow === 'auto' || overflow === 'scroll') &&
            e.scrollHeight > e.clientHeight
          );
        })
        .map(e => e.scrollHeight + e.getBoundingClientRect().top),
    ),
  );
}

/** Screenshots of the whole content at 1440 and 390 px, each checked for sideways overflow. */
async function screenshots(page: Page, name: string) {
  for (const [width, height, suffix] of [
    [1440, 1000, ''],
    [390, 844, '-390'],
  ] as const) {
    await page.setViewportSize({ width, height });
    expect(await settlesWithoutHorizontalOverflow(page)).toBe(true);
    const full = Math.min(await contentHeight(page), 8000);
    await page.setViewportSize({ width, height: Math.max(height, full) });
    expect(await settlesWithoutHorizontalOverflow(page)).toBe(true);
    await page.screenshot({
      path: path.join(screenshotDir, `${name}${suffix}.png`),
    });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

/** A table of the GPU page by its title (the Backstage table's heading). */
function tableTitled(page: Page, title: string) {
  return page
    .locator('div[class*="MuiPaper"]')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .last();
}

describe('GPU monitoring (headless Chromium)', () => {
  let demo: KubeSim;
  let lab: KubeSim;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    demo = await startKubeSim({ port: 0, scenario: 'demo' });
    lab = await startKubeSim({ port: 0, scenario: 'demo' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await lab?.close();
  });

  async function withPortal(
    user: string,
    test: (portal: RunningPortal, page: Page) => Promise<void>,
  ) {
    const portal = await startPortal({
      demoClusterPort: demo.port,
      labClusterPort: lab.port,
      env: { OCDP_DEMO_USER: user },
    });
    try {
      await waitForCatalogEntity(portal.baseUrl, { kind: 'user', name: user });
      await waitForCatalogEntity(portal.baseUrl, {
        kind: 'resource',
        name: 'demo',
      });
      const page = await openPage(browser);
      try {
        await withFailureArtifacts(`gpu-${user}`, page, portal.logs, () =>
          test(portal, page),
        );
      } finally {
        await page.close();
      }
    } finally {
      await portal.stop();
    }
  }

  it("shows an admin the demo cluster's GPUs on the page and the cards, and an ordinary user only their own rows", async () => {
    await withPortal('ada', async (portal, page) => {
      const report = await gpuReport(portal.baseUrl);
      expect(report.scope).toBe('cluster');
      expect(report.gpus.allocatable).toBeGreaterThan(0);
      expect(report.nodes.length).toBeGreaterThan(0);
      const allocation = `${report.gpus.allocated} / ${report.gpus.allocatable} GPUs allocated`;

      await signInAsGuest(page, portal.baseUrl);
      await page.getByRole('heading', { name: 'GPU Platform' }).waitFor();
      await page.getByText('Demo GPU cluster (simulated)').waitFor();
      await page.getByText(allocation).first().waitFor();
      await page.getByText('GPUs of cluster demo').waitFor();

      const nodes = tableTitled(page, 'Nodes');
      for (const node of report.nodes) {
        await nodes.getByText(node.name, { exact: true }).waitFor();
      }
      const tenants = tableTitled(page, 'Tenants');
      for (const tenant of report.tenants.filter(t => t.tenant)) {
        await tenants
          .getByRole('cell', { name: tenant.tenant!, exact: true })
          .first()
          .waitFor();
      }
      expect(report.tenants.map(t => t.tenant)).toEqual(
        expect.arrayContaining(['team-a', 'team-b']),
      );
      if (!report.utilization.available) {
        await page
          .getByText(/^Allocation only/)
          .first()
          .waitFor();
      }
      await screenshots(page, 'gpu-page-admin');

      await gotoSignedIn(
        page,
        `${portal.baseUrl}/catalog/default/resource/demo`,
      );
      await page.getByText(allocation).first().waitFor();
      await page.getByRole('table', { name: 'GPUs by tenant' }).waitFor();
      await screenshots(page, 'gpu-cluster-card');
    });

    await withPortal('ben', async (portal, page) => {
      const report = await gpuReport(portal.baseUrl);
      expect(report.scope).toBe('tenants');
      expect(report.nodes).toEqual([]);
      const visible = report.tenants.map(t => t.tenant);
      expect(visible).toContain('team-a');
      expect(visible).not.toContain('team-b');

      await signInAsGuest(page, portal.baseUrl);
      await page.getByText('GPUs of cluster demo').waitFor();
      await page.getByText(/You see the GPUs of your own tenants/).waitFor();
      const tenants = tableTitled(page, 'Tenants');
      await tenants
        .getByRole('cell', { name: 'team-a', exact: true })
        .first()
        .waitFor();
      expect(await page.getByText('team-b', { exact: true }).count()).toBe(0);
      expect(
        await page.getByRole('heading', { name: 'Nodes', exact: true }).count(),
      ).toBe(0);
      for (const node of ['gpu-a100-1', 'gpu-l4-1']) {
        expect(await page.getByText(node, { exact: true }).count()).toBe(0);
      }
      await page.getByText('held by your tenants').first().waitFor();
      await screenshots(page, 'gpu-page-member');

      await gotoSignedIn(page, `${portal.baseUrl}/catalog/default/user/ben`);
      const card = page
        .locator('div[class*="MuiCard-root"]')
        .filter({ has: page.getByRole('table', { name: 'GPUs on demo' }) });
      await card.waitFor();
      // ben's group team-vision owns team-a; team-b is team-nlp's
      await page
        .getByRole('table', { name: 'GPUs on demo' })
        .getByText('tenant team-a', { exact: true })
        .waitFor();
      expect(await card.getByText('team-b').count()).toBe(0);
      await screenshots(page, 'gpu-user-card');
    });
  });
});
