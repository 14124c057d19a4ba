import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
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
import {
  guestToken,
  repoRoot,
  RunningPortal,
  startPortal,
  waitForCatalogEntity,
} from './portal';

jest.setTimeout(900_000);

/** With OCDP_SCREENSHOTS=1 the README's screenshots are written to docs/screenshots. */
const screenshotDir =
  process.env.OCDP_SCREENSHOTS === '1'
    ? path.join(repoRoot, 'docs', 'screenshots')
    : outputDir;

const TEMPLATE = 'ocdp-deploy-vllm-model';
const TENANT = 'u-ben';
const RELEASE = 'qwen-chat';
const MODEL = 'Qwen/Qwen2.5-1.5B-Instruct';
/** `<release>.<tenant>.<cluster>`, the entity's name and its `backstage.io/kubernetes-id`. */
const ENTITY = `${RELEASE}.${TENANT}.demo`;
/** Bound of a wait for the cluster or the catalog to reach a state. */
const STATE_TIMEOUT_MS = 180_000;

type Values = Record<string, any>;

interface Instance {
  id: string;
  name: string;
  namespace: string;
  kubernetesId: string;
  values: Values;
  version: number;
  live?: { readyReplicas?: number; pods: { name: string; phase: string }[] };
}

/** How tall the page would be if its scrolling content panel did not scroll. */
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

/** Resolves once one dialog is open and its fade-in (and any previous dialog's fade-out) is over. */
async function dialogSettled(page: Page) {
  await page.waitForFunction(() => {
    const dialogs = document.querySelectorAll('[role="dialog"]');
    return (
      dialogs.length === 1 &&
      getComputedStyle(dialogs[0].parentElement!).opacity === '1'
    );
  });
}

/**
 * Screenshots at 1440 and 390 px. Pages are shot whole (their content panel unrolled); a dialog
 * is shot as the screen shows it.
 */
async function screenshots(page: Page, name: string, dialog = false) {
  for (const [width, height, suffix] of [
    [1440, 1000, ''],
    [390, 844, '-390'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await settlesWithoutHorizontalOverflow(page);
    if (dialog) {
      await dialogSettled(page);
    } else {
      const full = Math.min(await contentHeight(page), 6000);
      await page.setViewportSize({ width, height: Math.max(height, full) });
      await settlesWithoutHorizontalOverflow(page);
    }
    await page.screenshot({
      path: path.join(screenshotDir, `${name}${suffix}.png`),
    });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

/** Polls `read` until `done` holds, at most STATE_TIMEOUT_MS; the error tells the last value. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const until = Date.now() + STATE_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) {
      throw new Error(
        `${what}: still ${JSON.stringify(value).slice(
          0,
          2000,
        )} after ${STATE_TIMEOUT_MS} ms`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/** `values` with `path` (dotted) set to `value`, the rest untouched. */
function withValue(values: Values, dotted: string, value: unknown): Values {
  const copy = structuredClone(values);
  const keys = dotted.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = at[key];
  at[keys[keys.length - 1]] = value;
  return copy;
}

/**
 * A model instance's life in the browser, as ben, an ordinary member (examples/org.yaml) whose
 * personal tenant u-ben has the configured default quota of 1 GPU on the demo cluster: the
 * deploy-vllm-model template refused at its pre-flight step and then run within quota, and the
 * instance's catalog entity with its card (scale refused past the quota, a values edit, delete)
 * and its Kubernetes tab, each result checked in the API, the simulator and the catalog.
 */
describe('model instances from the template to the catalog (headless Chromium)', () => {
  let demo: KubeSim;
  let lab: KubeSim;
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;
  let token: string;
  let namespace: string;
  let core: CoreV1Api;
  let objects: CustomObjectsApi;

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    demo = await startKubeSim({ port: 0, scenario: 'demo', tls: true });
    lab = await startKubeSim({ port: 0, scenario: 'demo', tls: true });
    const kc = new KubeConfig();
    kc.loadFromString(demo.kubeConfig());
    core = kc.makeApiClient(CoreV1Api);
    objects = kc.makeApiClient(CustomObjectsApi);
    portal = await startPortal({
      demoClusterPort: demo.port,
      labClusterPort: lab.port,
      demoClusterCaCert: demo.caCert,
      labClusterCaCert: lab.caCert,
      env: { OCDP_DEMO_USER: 'ben' },
    });
    try {
      // ben's memberships come from the catalog; the template too
      await waitForCatalogEntity(portal.baseUrl, { kind: 'user', name: 'ben' });
      await waitForCatalogEntity(portal.baseUrl, {
        kind: 'group',
        name: 'team-vision',
      });
      await waitForCatalogEntity(portal.baseUrl, {
        kind: 'template',
        name: TEMPLATE,
      });
      token = await guestToken(portal.baseUrl);
      // listing his tenants makes ben's personal tenant; it is synced with a 1-GPU quota
      await api('GET', '/tenants');
      const binding = await eventually(
        `${TENANT} synced on demo`,
        async () =>
          (
            await api('GET', `/tenants/${TENANT}`)
          ).body?.bindings?.find(
            (b: { cluster: string }) => b.cluster === 'demo',
          ),
        b =>
          b?.syncStatus === 'synced' &&
          b.quota['requests.nvidia.com/gpu'] === '1',
      );
      namespace = binding.namespace;
    } catch (error) {
      throw new Error(
        `${error}\nportal output:\n${portal.logs().slice(-8000)}`,
      );
    }
    browser = await launchChromium();
    page = await openPage(browser);
    await signInAsGuest(page, portal.baseUrl);
  });

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await portal?.stop();
    await demo?.close();
    await lab?.close();
  });

  async function api(method: string, route: string, body?: object) {
    const res = await fetch(`${portal.baseUrl}/api/ocdp${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  const instances = async (): Promise<Instance[]> =>
    (await api('GET', '/instances')).body.items;

  const entityStatus = async () =>
    (
      await fetch(
        `${portal.baseUrl}/api/catalog/entities/by-name/component/default/${ENTITY}`,
        { headers: { authorization: `Bearer ${token}` } },
      )
    ).status;

  const helmReleases = async (): Promise<any[]> =>
    (
      (await objects.listNamespacedCustomObject({
        group: 'helm.toolkit.fluxcd.io',
        version: 'v2',
        namespace,
        plural: 'helmreleases',
      })) as { items: any[] }
    ).items;

  const podsOf = async (kubernetesId: string) =>
    (
      await core.listNamespacedPod({
        namespace,
        labelSelector: `backstage.io/kubernetes-id=${kubernetesId}`,
      })
    ).items;

  const step = (name: string, steps: () => Promise<void>) =>
    withFailureArtifacts(`instances-${name}`, page, portal.logs, steps);

  /** Fills the template's form (all pages) with `gpus` GPUs per replica and creates the task. */
  async function runTemplate(gpus: number) {
    await gotoSignedIn(
      page,
      `${portal.baseUrl}/create/templates/default/${TEMPLATE}`,
    );
    // Model: the defaults (qwen-chat serving Qwen 2.5 1.5B, 8192 tokens)
    await page.getByRole('textbox', { name: /Instance name/ }).waitFor();
    expect(
      await page.getByRole('textbox', { name: /Instance name/ }).inputValue(),
    ).toBe(RELEASE);
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Where it runs: the picker lists ben's tenants × clusters with what is left of each quota
    await page.getByRole('button', { name: /Tenant and cluster/ }).click();
    await page
      .getByRole('option', {
        name: new RegExp(`^${TENANT} on demo \\(personal\\)`),
      })
      .click();
    await page
      .getByRole('status')
      .getByText(`Namespace ${namespace}:`)
      .waitFor();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // GPUs and size: the count, then a whole-GPU model of the demo cluster with that many free
    // (the picker marks models the cluster could not fit)
    const count = page.getByRole('spinbutton', { name: 'GPUs per replica' });
    await count.fill(String(gpus));
    await page.getByText(`1 replica × ${gpus} = ${gpus} needed.`).waitFor();
    await page
      .getByRole('radio', { name: /^(?!MIG )(?!.*the cluster has).* free/ })
      .first()
      .check();
    if (gpus > 1) {
      // the picker already says the quota would not fit
      await page
        .getByText(`${gpus} needed, the tenant's quota has 1 left`)
        .first()
        .waitFor();
    }
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Exposure: inside the cluster (the default)
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/create\/tasks\//);
  }

  let instance: Instance;

  it('stops a run asking for more GPUs than the tenant has at the pre-flight step, with its reason, and makes nothing', async () => {
    await step('over-quota-run', async () => {
      await runTemplate(2);
      // the task page's error is the pre-flight's reason
      await page
        .getByText(
          'requests.nvidia.com/gpu: needs 2, 1 of 1 free in quota ocdp-quota',
        )
        .first()
        .waitFor({ timeout: STATE_TIMEOUT_MS });
      await page.getByText('Check the quota and free GPUs').first().waitFor();
      await page.screenshot({
        path: path.join(outputDir, 'instances-over-quota-task.png'),
      });
    });
    // the deploy step never ran: nothing recorded, applied or published
    expect(await instances()).toEqual([]);
    expect(await helmReleases()).toEqual([]);
    expect(await podsOf(ENTITY)).toEqual([]);
    expect(await entityStatus()).toBe(404);
  });

  it('deploys within quota: the entity appears with its card, and the Kubernetes tab shows its Running pod and its logs', async () => {
    await step('within-quota-run', async () => {
      await runTemplate(1);
      await page
        .getByRole('link', { name: /Open the model instance/ })
        .or(page.getByRole('button', { name: /Open the model instance/ }))
        .first()
        .waitFor({ timeout: STATE_TIMEOUT_MS });
    });
    const [made] = await eventually(
      'one instance',
      instances,
      items => items.length === 1,
    );
    expect(made).toMatchObject({
      name: RELEASE,
      tenant: TENANT,
      cluster: 'demo',
      namespace,
      owner: 'user:default/ben',
      entityRef: `component:default/${ENTITY}`,
      kubernetesId: ENTITY,
    });
    expect((await helmReleases()).map(r => r.metadata.name)).toEqual([RELEASE]);
    await waitForCatalogEntity(
      portal.baseUrl,
      { kind: 'component', name: ENTITY },
      STATE_TIMEOUT_MS,
    );
    // the simulated helm-controller installs the chart; its pod runs
    await eventually(
      'a Running pod',
      () => podsOf(ENTITY),
      pods =>
        pods.length === 1 && pods.every(p => p.status?.phase === 'Running'),
    );
    instance = (await api('GET', `/instances/${made.id}`)).body;

    await step('entity-card', async () => {
      await page
        .getByRole('link', { name: /Open the model instance/ })
        .or(page.getByRole('button', { name: /Open the model instance/ }))
        .first()
        .click();
      await page.waitForURL(
        new RegExp(
          `/catalog/default/component/${ENTITY.replace(/\./g, '\\.')}`,
        ),
      );
      // the card: the innermost block holding its title and its last fact
      const card = page
        .locator('div')
        .filter({ has: page.getByText('Model instance', { exact: true }) })
        .filter({ hasText: 'Chart' })
        .last();
      await card.getByText(MODEL).first().waitFor();
      await card.getByText(`${namespace} on demo`).first().waitFor();
      // live state read again every 10 s; the status follows the HelmRelease's Ready condition
      await card
        .getByText('replica, 1 ready')
        .first()
        .waitFor({ timeout: STATE_TIMEOUT_MS });
      await card
        .getByText('Ready', { exact: true })
        .first()
        .waitFor({ timeout: STATE_TIMEOUT_MS });
      await screenshots(page, 'instance-entity');
    });

    await step('instances-page', async () => {
      await gotoSignedIn(page, `${portal.baseUrl}/ocdp/instances`);
      const row = page.getByRole('row').filter({ hasText: RELEASE });
      await row.getByText('Ready').first().waitFor();
      await row.getByText(TENANT).first().waitFor();
      await screenshots(page, 'instance-list');
    });

    await step('kubernetes-tab', async () => {
      await gotoSignedIn(
        page,
        `${portal.baseUrl}/catalog/default/component/${ENTITY}/kubernetes`,
      );
      const demoCluster = page
        .getByRole('button')
        .filter({ hasText: 'Demo GPU cluster (simulated)' });
      await demoCluster.getByText('1 pod', { exact: true }).waitFor();
      await demoCluster.click();
      await page
        .locator('[aria-expanded="false"]')
        .filter({ hasText: 'Deployment' })
        .filter({ visible: true })
        .getByText('No pods with errors')
        .click();
      const [pod] = instance.live!.pods;
      const podRow = page
        .getByRole('row')
        .filter({ hasText: pod.name })
        .filter({ visible: true });
      await podRow
        .getByRole('cell', { name: 'Running', exact: true })
        .waitFor();
      await podRow.getByText(pod.name).click();
      const drawer = page
        .getByRole('presentation')
        .filter({ hasText: pod.name });
      await drawer.getByRole('button', { name: 'get logs' }).click();
      const logs = page
        .getByRole('dialog')
        .filter({ hasText: `${pod.name} - vllm logs` });
      await logs.getByText(`Starting to load model ${MODEL}`).first().waitFor();
      await page.screenshot({
        path: path.join(outputDir, 'instances-pod-logs.png'),
      });
    });
  });

  it('refuses scaling past the quota in the card, with the reason, and changes nothing', async () => {
    await step('scale-refused', async () => {
      await gotoSignedIn(
        page,
        `${portal.baseUrl}/catalog/default/component/${ENTITY}`,
      );
      await page.getByRole('button', { name: 'Add a replica' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(`Scale ${RELEASE} to 2 replicas?`).waitFor();
      await dialog
        .getByText(`Pre-flight: does not fit in ${TENANT} on demo`)
        .waitFor();
      await dialog
        .getByText(/^requests\.nvidia\.com\/gpu: needs \d+, \d+ of 1 free/)
        .first()
        .waitFor();
      expect(
        await dialog
          .getByRole('button', { name: 'Scale', exact: true })
          .isDisabled(),
      ).toBe(true);
      await screenshots(page, 'instance-scale-refused', true);
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
    });
    // the API refuses it too, with the report; the release keeps one replica
    const refused = await api('PATCH', `/instances/${instance.id}`, {
      replicas: 2,
    });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body.report.reasons)).toContain(
      'requests.nvidia.com/gpu',
    );
    const [release] = await helmReleases();
    expect(release.spec.values.replicaCount).toBe(1);
    expect((await podsOf(ENTITY)).length).toBe(1);
  });

  it('applies a values edit in the card as that one key only', async () => {
    const before = (await api('GET', `/instances/${instance.id}`)).body;
    const [releaseBefore] = await helmReleases();
    expect(before.values.model.maxModelLen).toBe(8192);

    await step('edit-values', async () => {
      await page.getByRole('button', { name: 'Edit values' }).click();
      const editor = page.getByRole('textbox', { name: 'Values (YAML)' });
      const text = await editor.inputValue();
      expect(text).toContain('maxModelLen: 8192');
      await editor.fill(text.replace('maxModelLen: 8192', 'maxModelLen: 4096'));
      await page.getByRole('button', { name: 'Review changes' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(`Change values of ${RELEASE}?`).waitFor();
      await dialog.getByText('1 key changes (only it is sent)').waitFor();
      const changed = dialog.getByRole('list', { name: 'Changed keys' });
      expect((await changed.innerText()).trim()).toBe(
        'model.maxModelLen: 8192 → 4096',
      );
      await dialog.getByText(`Pre-flight: fits in ${TENANT} on demo`).waitFor();
      await screenshots(page, 'instance-edit-review', true);
      await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
    });

    const after = await eventually(
      'the edit applied',
      async () => (await api('GET', `/instances/${instance.id}`)).body,
      i => i.version > before.version,
    );
    // only model.maxModelLen changed, in the record and in the HelmRelease
    expect(after.values).toEqual(
      withValue(before.values, 'model.maxModelLen', 4096),
    );
    const [releaseAfter] = await helmReleases();
    expect(releaseAfter.spec.values).toEqual(
      withValue(releaseBefore.spec.values, 'model.maxModelLen', 4096),
    );
  });

  it('deletes from the card once the name is typed: HelmRelease, pods and entity go', async () => {
    await step('delete', async () => {
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(`Delete ${RELEASE}?`).waitFor();
      const confirm = dialog.getByRole('button', {
        name: 'Delete',
        exact: true,
      });
      expect(await confirm.isDisabled()).toBe(true);
      await dialog
        .getByRole('textbox', { name: 'Instance name' })
        .fill(RELEASE);
      await confirm.click();
      await page
        .getByRole('status')
        .getByText(/^Deleted\./)
        .waitFor();
    });
    expect(await instances()).toEqual([]);
    await eventually('no HelmRelease', helmReleases, r => r.length === 0);
    await eventually(
      'no pods',
      () => podsOf(ENTITY),
      p => p.length === 0,
    );
    await eventually('no entity', entityStatus, s => s === 404);

    await step('entity-gone', async () => {
      await gotoSignedIn(
        page,
        `${portal.baseUrl}/catalog/default/component/${ENTITY}`,
      );
      await page
        .getByText(/not found/i)
        .first()
        .waitFor();
    });
  });
});
