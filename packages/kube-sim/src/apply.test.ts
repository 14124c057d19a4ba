import { PatchStrategy } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from './sim';
import { clientsFor, expectApiError } from './__testutils__/clients';

const manifest = (
  replicas: number,
  image = 'vllm:1',
  extra: Record<string, string> = {},
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'model',
    namespace: 'ssa',
    labels: { 'app.kubernetes.io/managed-by': 'ocdp', ...extra },
  },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'model' } },
    template: {
      metadata: { labels: { app: 'model' } },
      spec: { containers: [{ name: 'server', image }] },
    },
  },
});

describe('server-side apply', () => {
  let sim: KubeSim;
  let c: ReturnType<typeof clientsFor>;

  beforeAll(async () => {
    sim = await startKubeSim();
    c = clientsFor(sim);
    await c.core.createNamespace({ body: { metadata: { name: 'ssa' } } });
  });
  afterAll(() => sim.close());

  const apply = (body: any, manager = 'ocdp', force = false) =>
    c.objects.patch(
      body,
      undefined,
      undefined,
      manager,
      force,
      PatchStrategy.ServerSideApply,
    );

  it('creates, updates and re-applies without conflicts or spurious writes', async () => {
    const created: any = await apply(manifest(1));
    expect(created.metadata.uid).toBeTruthy();
    const mf = created.metadata.managedFields;
    expect(mf).toHaveLength(1);
    expect(mf[0]).toMatchObject({
      manager: 'ocdp',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
    });
    expect(mf[0].fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(
      mf[0].fieldsV1['f:spec']['f:template']['f:spec']['f:containers'][
        'k:{"name":"server"}'
      ]['f:image'],
    ).toEqual({});

    await sim.settle(); // the deployment controller writes status
    const current = await c.apps.readNamespacedDeployment({
      name: 'model',
      namespace: 'ssa',
    });
    const again: any = await apply(manifest(1));
    expect(again.metadata.resourceVersion).toBe(
      current.metadata?.resourceVersion,
    );

    const updated: any = await apply(manifest(3, 'vllm:2'));
    expect(updated.spec.replicas).toBe(3);
    expect(updated.spec.template.spec.containers[0].image).toBe('vllm:2');
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    expect(updated.metadata.generation).toBe(2);
  });

  it('removes fields the manager stops applying', async () => {
    const withLabel: any = await apply(manifest(3, 'vllm:2', { extra: 'yes' }));
    expect(withLabel.metadata.labels.extra).toBe('yes');
    const without: any = await apply(manifest(3, 'vllm:2'));
    expect(without.metadata.labels.extra).toBeUndefined();
    expect(without.metadata.labels['app.kubernetes.io/managed-by']).toBe(
      'ocdp',
    );
  });

  it('conflicts with another manager unless forced', async () => {
    const err = await expectApiError(() =>
      apply(manifest(5, 'vllm:2'), 'someone-else'),
    );
    expect(err.code).toBe(409);
    expect(err.status.reason).toBe('Conflict');
    expect(err.status.message).toBe(
      'Apply failed with 1 conflict: conflict with "ocdp": .spec.replicas',
    );
    // same value: shared ownership, no conflict
    await apply(
      { ...manifest(3, 'vllm:2'), spec: { ...manifest(3, 'vllm:2').spec } },
      'someone-else',
    );
    const forced: any = await apply(
      manifest(5, 'vllm:2'),
      'someone-else',
      true,
    );
    expect(forced.spec.replicas).toBe(5);
    const owners = forced.metadata.managedFields
      .filter((m: any) => m.fieldsV1?.['f:spec']?.['f:replicas'])
      .map((m: any) => m.manager);
    expect(owners).toEqual(['someone-else']);
  });

  it('conflicts with an Update manager (e.g. a replicas edit) and requires fieldManager', async () => {
    const res = await fetch(
      `${sim.url}/apis/apps/v1/namespaces/ssa/deployments/model?fieldManager=kubectl-edit`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ spec: { replicas: 7 } }),
      },
    );
    expect(res.status).toBe(200);
    const err = await expectApiError(() =>
      apply(manifest(2, 'vllm:2'), 'ocdp'),
    );
    expect(err.status.message).toContain(
      'conflict with "kubectl-edit" using apps/v1: .spec.replicas',
    );

    const noManager = await fetch(
      `${sim.url}/apis/apps/v1/namespaces/ssa/deployments/model`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/apply-patch+yaml' },
        body: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: model\n',
      },
    );
    expect(noManager.status).toBe(422);
    expect((await noManager.json()).message).toContain(
      'fieldManager: Required value',
    );
  });

  it('applies YAML bodies and custom resources (HelmRelease)', async () => {
    const res = await fetch(
      `${sim.url}/apis/helm.toolkit.fluxcd.io/v2/namespaces/ssa/helmreleases/llama?fieldManager=ocdp`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/apply-patch+yaml' },
        body: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: llama\nspec:\n  interval: 5m\n  values:\n    replicaCount: 2\n',
      },
    );
    expect(res.status).toBe(201);
    const hr: any = await apply({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'llama', namespace: 'ssa' },
      spec: { interval: '5m', values: { replicaCount: 3 } },
    });
    expect(hr.spec.values.replicaCount).toBe(3);
  });
});
