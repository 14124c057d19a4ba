import { startKubeSim, KubeSim } from './sim';
import {
  clientsFor,
  expectApiError,
  mergePatch,
  jsonPatch,
  strategicPatch,
} from './__testutils__/clients';

describe('kube-sim CRUD with the real client-node', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0 });
    c = clientsFor(sim);
  });
  afterAll(() => sim.close());

  it('serves discovery and version', async () => {
    const res = await fetch(`${sim.url}/version`);
    expect(res.headers.get('x-kube-sim')).toBe('simulated');
    expect((await res.json()).gitVersion).toContain('kube-sim');
    const groups = await (await fetch(`${sim.url}/apis`)).json();
    expect(groups.groups.map((g: any) => g.name)).toEqual(
      expect.arrayContaining(['apps', 'batch', 'helm.toolkit.fluxcd.io']),
    );
    const core = await (await fetch(`${sim.url}/api/v1`)).json();
    expect(core.resources.find((r: any) => r.name === 'pods')).toMatchObject({
      namespaced: true,
      kind: 'Pod',
    });
  });

  it('creates, reads, updates, patches and deletes a config map', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'crud' } } });
    const created = await c.core.createNamespacedConfigMap({
      namespace: 'crud',
      body: { metadata: { name: 'cm', labels: { a: '1' } }, data: { k: 'v' } },
    });
    expect(created.metadata?.uid).toBeTruthy();
    const rv1 = Number(created.metadata?.resourceVersion);

    const read = await c.core.readNamespacedConfigMap({
      name: 'cm',
      namespace: 'crud',
    });
    expect(read.data).toEqual({ k: 'v' });

    read.data = { k: 'v2' };
    const replaced = await c.core.replaceNamespacedConfigMap({
      name: 'cm',
      namespace: 'crud',
      body: read,
    });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(rv1);

    const merged = await c.core.patchNamespacedConfigMap(
      { name: 'cm', namespace: 'crud', body: { data: { extra: 'x' } } },
      mergePatch,
    );
    expect(merged.data).toEqual({ k: 'v2', extra: 'x' });

    const jp = await c.core.patchNamespacedConfigMap(
      {
        name: 'cm',
        namespace: 'crud',
        body: [{ op: 'remove', path: '/data/extra' }],
      },
      jsonPatch,
    );
    expect(jp.data).toEqual({ k: 'v2' });

    await c.core.deleteNamespacedConfigMap({ name: 'cm', namespace: 'crud' });
    const err = await expectApiError(() =>
      c.core.readNamespacedConfigMap({ name: 'cm', namespace: 'crud' }),
    );
    expect(err.code).toBe(404);
    expect(err.status).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      code: 404,
      message: 'configmaps "cm" not found',
    });
  });

  it('answers 409 AlreadyExists and 409 Conflict on a stale resourceVersion', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'conflicts' } } });
    const body = { metadata: { name: 'cm' }, data: { a: '1' } };
    const first = await c.core.createNamespacedConfigMap({
      namespace: 'conflicts',
      body,
    });
    const dup = await expectApiError(() =>
      c.core.createNamespacedConfigMap({ namespace: 'conflicts', body }),
    );
    expect(dup.code).toBe(409);
    expect(dup.status.reason).toBe('AlreadyExists');
    expect(dup.status.message).toBe('configmaps "cm" already exists');

    await c.core.replaceNamespacedConfigMap({
      name: 'cm',
      namespace: 'conflicts',
      body: { ...first, data: { a: '2' } },
    });
    const stale = await expectApiError(() =>
      c.core.replaceNamespacedConfigMap({
        name: 'cm',
        namespace: 'conflicts',
        body: { ...first, data: { a: '3' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status.reason).toBe('Conflict');
    expect(stale.status.message).toContain('the object has been modified');
    const now = await c.core.readNamespacedConfigMap({
      name: 'cm',
      namespace: 'conflicts',
    });
    expect(now.data).toEqual({ a: '2' });
  });

  it('merges containers by name with a strategic merge patch', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'smp' } } });
    await c.apps.createNamespacedDeployment({
      namespace: 'smp',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'a', image: 'a:1' },
                { name: 'b', image: 'b:1' },
              ],
            },
          },
        },
      },
    });
    const patched = await c.apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: 'smp',
        body: {
          spec: {
            template: { spec: { containers: [{ name: 'b', image: 'b:2' }] } },
          },
        },
      },
      strategicPatch,
    );
    expect(
      patched.spec?.template.spec?.containers.map(x => `${x.name}=${x.image}`),
    ).toEqual(['a=a:1', 'b=b:2']);
    expect(patched.metadata?.generation).toBe(2);
  });

  it('stores any custom resource generically (HelmRelease)', async () => {
    await c.core.createNamespace({ body: { metadata: { name: 'flux' } } });
    const hr = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'vllm', namespace: 'flux' },
      spec: {
        interval: '5m',
        chart: {
          spec: {
            chart: 'vllm',
            sourceRef: { kind: 'HelmRepository', name: 'ocdp' },
          },
        },
        values: { replicaCount: 1 },
      },
    };
    await c.custom.createNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 'flux',
      plural: 'helmreleases',
      body: hr,
    });
    const got: any = await c.custom.getNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 'flux',
      plural: 'helmreleases',
      name: 'vllm',
    });
    expect(got.spec.values).toEqual({ replicaCount: 1 });
    const list: any = await c.custom.listNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 'flux',
      plural: 'helmreleases',
    });
    expect(list.items).toHaveLength(1);
    // an unknown group is served generically on first create
    await c.custom.createNamespacedCustomObject({
      group: 'example.ocdp.io',
      version: 'v1alpha1',
      namespace: 'flux',
      plural: 'widgets',
      body: {
        apiVersion: 'example.ocdp.io/v1alpha1',
        kind: 'Widget',
        metadata: { name: 'w1' },
        spec: { size: 3 },
      },
    });
    const w: any = await c.custom.getNamespacedCustomObject({
      group: 'example.ocdp.io',
      version: 'v1alpha1',
      namespace: 'flux',
      plural: 'widgets',
      name: 'w1',
    });
    expect(w.spec.size).toBe(3);
  });
});
