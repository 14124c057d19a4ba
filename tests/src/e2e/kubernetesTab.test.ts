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

/** The example Component (examples/entities.yaml) whose workloads the demo scenario runs. */
const COMPONENT = 'vision-inference';
const ERROR_PANEL = 'There was a problem retrieving Kubernetes objects';

interface ClusterObjects {
  cluster: { name: string };
  errors: unknown[];
  podMetrics: Array<{ pod: { metadata: { name: string } }; cpu: unknown }>;
  resources: Array<{
    type: string;
    resources: Array<{ metadata: { name: string } }>;
  }>;
}

describe('the Backstage Kubernetes plugin against the simulated clusters over HTTPS (headless Chromium)', () => {
  let demo: KubeSim;
  let lab: KubeSim;
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(outputDir, { recursive: true });
    // HTTPS with a CA made at start, as `npm start` runs them; the portal trusts the CA (caData)
    demo = await startKubeSim({ port: 0, scenario: 'demo', tls: true });
    lab = await startKubeSim({ port: 0, scenario: 'demo', tls: true });
    portal = await startPortal({
      demoClusterPort: demo.port,
      labClusterPort: lab.port,
      demoClusterCaCert: demo.caCert,
      labClusterCaCert: lab.caCert,
    });
    browser = await launchChromium();
    await waitForCatalogEntity(portal.baseUrl, {
      kind: 'component',
      name: COMPONENT,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    await demo?.close();
    await lab?.close();
  });

  it("serves the component's objects and pod metrics from both clusters, without errors", async () => {
    const res = await fetch(
      `${portal.baseUrl}/api/kubernetes/resources/workloads/query`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await guestToken(portal.baseUrl)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ entityRef: `component:default/${COMPONENT}` }),
      },
    );
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: ClusterObjects[] };
    expect(items.map(i => i.cluster.name).sort()).toEqual(['demo', 'lab']);
    for (const item of items) {
      expect({ cluster: item.cluster.name, errors: item.errors }).toEqual({
        cluster: item.cluster.name,
        errors: [],
      });
      const names = (type: string) =>
        (item.resources.find(r => r.type === type)?.resources ?? []).map(
          o => o.metadata.name,
        );
      expect(names('pods')).toHaveLength(2);
      expect(names('deployments')).toEqual([COMPONENT]);
      expect(names('services')).toEqual([COMPONENT]);
      expect(names('horizontalpodautoscalers')).toEqual([COMPONENT]);
      // skipMetricsLookup is off: the metrics API's PodMetrics for both pods
      expect(item.podMetrics.map(m => m.pod.metadata.name).sort()).toEqual(
        names('pods').sort(),
      );
    }
  });

  it("shows the component's Kubernetes tab without a warning, its pods, their metrics and a pod's logs", async () => {
    const page = await openPage(browser);
    await withFailureArtifacts(
      'kubernetes-tab',
      page,
      portal.logs,
      async () => {
        await signInAsGuest(page, portal.baseUrl);
        await gotoSignedIn(
          page,
          `${portal.baseUrl}/catalog/default/component/${COMPONENT}/kubernetes`,
        );
        // one card per cluster, each summarising the component's two pods
        const demoCluster = page
          .getByRole('button')
          .filter({ hasText: 'Demo GPU cluster (simulated)' });
        await demoCluster.getByText('2 pods').waitFor();
        await page
          .getByRole('button')
          .filter({ hasText: 'Lab GPU cluster (simulated)' })
          .getByText('2 pods')
          .waitFor();
        expect(await page.getByText(ERROR_PANEL).count()).toBe(0);

        await demoCluster.click();
        // open the Deployment's accordion; its name and its HPA in the summary open drawers
        await page
          .locator('[aria-expanded="false"]')
          .filter({ hasText: 'Deployment' })
          .filter({ visible: true })
          .getByText('No pods with errors')
          .click();
        const podName = page
          .getByRole('cell')
          .getByText(new RegExp(`^${COMPONENT}-[a-z0-9]+-[a-z0-9]+$`))
          .filter({ visible: true })
          .first();
        await podName.waitFor();
        const pod = (await podName.textContent())!.trim();
        // the pods' CPU column comes from the metrics API (skipMetricsLookup is off)
        await page
          .getByRole('cell')
          .getByText(/requests: \d+% of 500m/)
          .filter({ visible: true })
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(outputDir, 'kubernetes-tab.png'),
          fullPage: true,
        });

        await podName.click();
        const drawer = page.getByRole('presentation').filter({ hasText: pod });
        // pod metrics from the simulated metrics API
        await drawer.getByText('Resource utilization').first().waitFor();
        await drawer.getByRole('button', { name: 'get logs' }).click();
        const logs = page
          .getByRole('dialog')
          .filter({ hasText: `${pod} - classifier logs` });
        await logs.getByText('INFO starting classifier').first().waitFor();
        expect(await page.getByText(ERROR_PANEL).count()).toBe(0);
        await page.screenshot({
          path: path.join(outputDir, 'kubernetes-tab-pod-logs.png'),
          fullPage: true,
        });
      },
    );
    await page.close();
  });
});
