import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from '@ocdp/kube-sim';
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
import { RunningPortal, startPortal, waitForCatalogEntity } from './portal';

jest.setTimeout(400_000);

const screenshotDir = outputDir;

async function gpuHardOf(sim: KubeSim, namespace: string) {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeConfig());
  const quota = await kc
    .makeApiClient(CoreV1Api)
    .readNamespacedResourceQuota({ name: 'ocdp-quota', namespace });
  return quota.spec?.hard?.['requests.nvidia.com/gpu'];
}

async function openQuotas(page: Page, baseUrl: string) {
  await signInAsGuest(page, baseUrl);
  await gotoSignedIn(page, `${baseUrl}/ocdp/quotas`);
  await page.getByRole('heading', { name: 'Quotas' }).first().waitFor();
}

describe('Quotas page (headless Chromium)', () => {
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
        kind: 'group',
        name: 'team-vision',
      });
      const page = await openPage(browser);
      try {
        await withFailureArtifacts(`quotas-${user}`, page, portal.logs, () =>
          test(portal, page),
        );
      } finally {
        await page.close();
      }
    } finally {
      await portal.stop();
    }
  }

  it('lets an admin set a GPU quota that the cluster then enforces, and an ordinary user see only their own tenants', async () => {
    await withPortal('ada', async (portal, page) => {
      await openQuotas(page, portal.baseUrl);
      await page.getByText('All tenants').waitFor();
      await page.getByRole('button', { name: 'Create tenant' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'team-a' }).first();
      await row.waitFor();
      await page
        .getByRole('row')
        .filter({ hasText: 'team-b' })
        .first()
        .waitFor();
      await row.click();
      // the open row has loaded the live usage it edits, and the owner's display name
      await page.getByLabel('GPUs usage').first().waitFor();
      await page.getByRole('link', { name: 'Team Vision' }).first().waitFor();
      await page
        .getByRole('button', { name: 'Edit quota of team-a on demo' })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Quota of team-a on demo').waitFor();
      const gpus = dialog.getByLabel('gpu (count)');
      await gpus.fill('3');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await gpuHardOf(demo, 'team-a')).toBe('3');
      // the row stays open and its usage reloads with the new limit
      await page
        .getByText(/\/ 3 GPUs/)
        .first()
        .waitFor();
      expect(await settlesWithoutHorizontalOverflow(page)).toBe(true);
      await page.screenshot({
        path: path.join(screenshotDir, 'quotas-admin.png'),
        fullPage: true,
      });

      await page.setViewportSize({ width: 390, height: 844 });
      expect(await settlesWithoutHorizontalOverflow(page)).toBe(true);
      await page.screenshot({
        path: path.join(screenshotDir, 'quotas-admin-390.png'),
        fullPage: true,
      });
    });

    await withPortal('ben', async (portal, page) => {
      await openQuotas(page, portal.baseUrl);
      await page.getByText('My quotas').waitFor();
      await page.getByText('team-a', { exact: true }).first().waitFor();
      await page.getByText('u-ben', { exact: true }).first().waitFor();
      // owners are shown by their catalog display names, linked to their entity pages
      await page.getByRole('link', { name: 'Team Vision' }).first().waitFor();
      expect(await page.getByText('team-b', { exact: true }).count()).toBe(0);
      expect(
        await page.getByRole('button', { name: 'Create tenant' }).count(),
      ).toBe(0);
      expect(
        await page.getByRole('button', { name: /Edit quota/ }).count(),
      ).toBe(0);
      expect(await settlesWithoutHorizontalOverflow(page)).toBe(true);
      await page.screenshot({
        path: path.join(screenshotDir, 'quotas-member.png'),
        fullPage: true,
      });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await settlesWithoutHorizontalOverflow(page)).toBe(true);
      await page.screenshot({
        path: path.join(screenshotDir, 'quotas-member-390.png'),
        fullPage: true,
      });

      await page.setViewportSize({ width: 1440, height: 1000 });
      await gotoSignedIn(
        page,
        `${portal.baseUrl}/catalog/default/group/team-vision`,
      );
      await page.getByText('team-a', { exact: true }).first().waitFor();
      await page.screenshot({
        path: path.join(screenshotDir, 'group-tenant-quota-card.png'),
        fullPage: true,
      });
    });
  });
});
