import { startKubeSim, KubeSim } from '@ocdp/kube-sim';
import fs from 'node:fs';
import path from 'node:path';
import { Browser } from 'playwright-core';
import {
  gotoSignedIn,
  launchChromium,
  openPage,
  signInAsGuest,
} from './browser';
import { outputDir, withFailureArtifacts } from './failureArtifacts';
import {
  guestToken,
  RunningPortal,
  startPortal,
  waitForCatalogEntity,
} from './portal';

jest.setTimeout(300_000);

const screenshotDir = outputDir;

describe('portal smoke test (headless Chromium)', () => {
  let demo: KubeSim;
  let lab: KubeSim;
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    demo = await startKubeSim({ port: 0, scenario: 'demo' });
    lab = await startKubeSim({ port: 0, scenario: 'demo' });
    portal = await startPortal({
      demoClusterPort: demo.port,
      labClusterPort: lab.port,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    await demo?.close();
    await lab?.close();
  });

  it('signs the demo user in as a platform admin through the guest provider', async () => {
    const res = await fetch(`${portal.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/ada',
    );
    expect(body.backstageIdentity.identity.ownershipEntityRefs).toContain(
      'group:default/platform-admins',
    );
  });

  it('shows the OCDP page with the simulated clusters reachable', async () => {
    const page = await openPage(browser);
    await withFailureArtifacts('ocdp-page', page, portal.logs, async () => {
      await signInAsGuest(page, portal.baseUrl);
      await page.getByRole('heading', { name: 'GPU Platform' }).waitFor();
      await page.getByText('Demo GPU cluster (simulated)').waitFor();
      await page.getByText('Lab GPU cluster (simulated)').waitFor();
      expect(await page.getByText('Reachable').count()).toBe(2);
      await page.screenshot({
        path: path.join(screenshotDir, 'ocdp-page.png'),
        fullPage: true,
      });
    });
    await page.close();
  });

  it('shows the cluster card on the cluster entity page', async () => {
    const page = await openPage(browser);
    await waitForCatalogEntity(portal.baseUrl, {
      kind: 'resource',
      name: 'demo',
    });
    await withFailureArtifacts(
      'cluster-entity-page',
      page,
      portal.logs,
      async () => {
        await signInAsGuest(page, portal.baseUrl);
        await gotoSignedIn(
          page,
          `${portal.baseUrl}/catalog/default/resource/demo`,
        );
        await page.getByText('GPU platform cluster').waitFor();
        await page.getByText('API server reachable').waitFor();
        expect(await page.getByText('cluster name: demo').count()).toBe(1);
        await page.screenshot({
          path: path.join(screenshotDir, 'cluster-entity-page.png'),
          fullPage: true,
        });
      },
    );
    await page.close();
  });

  it('reports an unreachable cluster when its simulator goes away', async () => {
    await lab.close();
    const res = await fetch(`${portal.baseUrl}/api/ocdp/clusters`, {
      headers: {
        authorization: `Bearer ${await guestToken(portal.baseUrl)}`,
      },
    });
    expect(res.status).toBe(200);
    const { items } = await res.json();
    const byName = Object.fromEntries(
      items.map((c: { name: string }) => [c.name, c]),
    );
    expect(byName.demo.reachable).toBe(true);
    // The probe result is cached for 10 s; wait it out.
    await new Promise(r => setTimeout(r, 10_500));
    const again = await fetch(`${portal.baseUrl}/api/ocdp/clusters`, {
      headers: {
        authorization: `Bearer ${await guestToken(portal.baseUrl)}`,
      },
    });
    const after = Object.fromEntries(
      (await again.json()).items.map((c: { name: string }) => [c.name, c]),
    );
    expect(after.lab.reachable).toBe(false);
    expect(after.lab.error).toMatch(/unreachable|ECONNREFUSED|socket|fetch/i);
  });
});
