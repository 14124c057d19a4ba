import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  findChartProfile,
  OcdpPrecheckReport,
  OcdpTenant,
} from '@ocdp/plugin-ocdp-common';
import { migrateClient } from '../database/migrations';
import { PrecheckService } from '../precheck/PrecheckService';
import { DatabaseTenantStore } from '../tenants/DatabaseTenantStore';
import { DatabaseInstanceStore } from './DatabaseInstanceStore';
import { HelmReleaseClient } from './HelmReleaseClient';
import { InstanceService } from './InstanceService';
import { InstanceChart } from './readInstanceCharts';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const tenant: OcdpTenant = {
  name: 'vision',
  owner: 'group:default/team-vision',
  personal: false,
  createdBy: 'user:default/ada',
  createdAt: new Date().toISOString(),
  bindings: [
    {
      cluster: 'demo',
      namespace: 'ocdp-vision',
      quota: {},
      syncStatus: 'synced',
      version: 1,
    },
  ],
};

const chart: InstanceChart = {
  name: 'model-server',
  version: '0.1.0',
  profileName: 'model-server',
  profile: findChartProfile('model-server')!,
  source: { kind: 'HelmRepository', name: 'ocdp', namespace: 'flux-system' },
  defaults: { replicaCount: 1, gpu: { count: 1 }, model: { id: 'm' } },
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      replicaCount: { type: 'integer', minimum: 0 },
      gpu: { type: 'object' },
      model: { type: 'object' },
      labels: { type: 'object' },
      podLabels: { type: 'object' },
      runtimeClassName: { type: 'string' },
      securityContext: { type: 'object' },
    },
  },
  deniedValuePaths: ['securityContext'],
};

const report = (ok: boolean): OcdpPrecheckReport =>
  ({
    ok,
    operation: 'install',
    checks: [],
    capacity: { ok, pods: 1, reasons: [] },
    reasons: ok ? [] : ['requests.nvidia.com/gpu: needs 2, 1 of 1 free'],
    warnings: [],
  } as any);

async function setup() {
  const knex = await databases.init('SQLITE_3');
  await migrateClient(knex);
  await new DatabaseTenantStore(knex).create({
    name: 'vision',
    ownerRef: tenant.owner,
    createdBy: 'user:default/ada',
    bindings: [{ cluster: 'demo', namespace: 'ocdp-vision', quota: {} }],
  });
  const store = new DatabaseInstanceStore(knex);
  const precheck = { check: jest.fn(async () => report(true)) };
  const releases = {
    apply: jest.fn(async () => {}),
    read: jest.fn(async () => undefined as any),
    delete: jest.fn(async () => {}),
    liveState: jest.fn(),
  };
  const notify = jest.fn(async (_change: unknown) => {});
  const service = new InstanceService({
    store,
    precheck: precheck as unknown as PrecheckService,
    releases: releases as unknown as HelmReleaseClient,
    charts: { 'model-server': chart },
    environments: { demo: { runtimeClassName: 'nvidia' } },
    logger: mockServices.logger.mock(),
    notify,
  });
  return { service, store, precheck, releases, notify };
}

const input = {
  tenant: 'vision',
  cluster: 'demo',
  name: 'llama',
  chart: 'model-server',
  values: { gpu: { count: 1 } },
};

describe('InstanceService', () => {
  it('deploys what the pre-flight allowed: defaults ← overlay ← user values, labelled for its entity', async () => {
    const { service, releases } = await setup();
    const created = await service.create(input, tenant, 'user:default/ben');
    expect(created).toMatchObject({
      name: 'llama',
      namespace: 'ocdp-vision',
      owner: 'user:default/ben',
      status: 'deploying',
      kubernetesId: 'llama.vision.demo',
      entityRef: 'component:default/llama.vision.demo',
    });
    const [cluster, manifest] = releases.apply.mock.calls[0] as any[];
    expect(cluster).toBe('demo');
    expect(manifest.metadata).toMatchObject({
      name: 'llama',
      namespace: 'ocdp-vision',
      labels: { 'ocdp.io/tenant': 'vision', 'ocdp.io/instance': created.id },
    });
    expect(manifest.spec.values).toEqual({
      replicaCount: 1,
      gpu: { count: 1 },
      model: { id: 'm' },
      runtimeClassName: 'nvidia',
      labels: { 'backstage.io/kubernetes-id': 'llama.vision.demo' },
      podLabels: { 'backstage.io/kubernetes-id': 'llama.vision.demo' },
    });
  });

  it('applies nothing and records nothing when the pre-flight refuses', async () => {
    const { service, store, precheck, releases } = await setup();
    precheck.check.mockResolvedValueOnce(report(false));
    await expect(
      service.create(input, tenant, 'user:default/ben'),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'requests.nvidia.com/gpu: needs 2, 1 of 1 free',
      ),
      report: expect.objectContaining({ ok: false }),
    });
    expect(releases.apply).not.toHaveBeenCalled();
    expect(await store.list()).toEqual([]);
  });

  it('refuses unknown keys, denied paths and a HelmRelease it did not make', async () => {
    const { service, releases } = await setup();
    await expect(
      service.create(
        { ...input, values: { replicas: 2 } },
        tenant,
        'user:default/ben',
      ),
    ).rejects.toThrow('values.replicas: is not a value of this chart');
    await expect(
      service.create(
        { ...input, values: { securityContext: { privileged: true } } },
        tenant,
        'user:default/ben',
      ),
    ).rejects.toThrow('values.securityContext: may not be set');
    releases.read.mockResolvedValueOnce({
      labels: {},
      generation: 1,
      conditions: [],
    });
    await expect(
      service.create(input, tenant, 'user:default/ben'),
    ).rejects.toThrow('a HelmRelease "llama" already exists');
    expect(releases.apply).not.toHaveBeenCalled();
  });

  it('leaves nothing half-made when the cluster refuses the HelmRelease', async () => {
    const { service, store, releases } = await setup();
    releases.apply.mockRejectedValueOnce(
      Object.assign(new Error('connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      }),
    );
    await expect(
      service.create(input, tenant, 'user:default/ben'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('nothing was changed'),
    });
    expect(releases.delete).toHaveBeenCalledWith(
      'demo',
      'ocdp-vision',
      'llama',
    );
    expect(await store.list()).toEqual([]);
  });

  it('scales and edits values after a pre-flight of the result, merging only the keys given', async () => {
    const { service, precheck, releases } = await setup();
    const created = await service.create(input, tenant, 'user:default/ben');
    const scaled = await service.change(created, tenant, {
      kind: 'scale',
      replicas: 3,
    });
    expect(precheck.check).toHaveBeenLastCalledWith(
      expect.objectContaining({
        operation: 'scale',
        replicas: 3,
        release: 'llama',
      }),
      tenant,
    );
    expect(scaled).toMatchObject({ version: 2, values: { replicaCount: 3 } });

    const edited = await service.change(scaled, tenant, {
      kind: 'values',
      values: { model: { maxModelLen: 4096 } },
    });
    expect(precheck.check).toHaveBeenLastCalledWith(
      expect.objectContaining({ operation: 'upgrade' }),
      tenant,
    );
    expect(edited.values).toEqual({
      ...scaled.values,
      model: { id: 'm', maxModelLen: 4096 },
    });
    expect(releases.apply).toHaveBeenCalledTimes(3);

    await expect(
      service.change(
        scaled,
        tenant,
        { kind: 'scale', replicas: 1 },
        scaled.version,
      ),
    ).rejects.toMatchObject({ name: 'ConflictError' });
  });

  it('keeps the old values when the cluster does not take a change', async () => {
    const { service, store, releases } = await setup();
    const created = await service.create(input, tenant, 'user:default/ben');
    releases.apply.mockRejectedValueOnce(new Error('socket hang up'));
    await expect(
      service.change(created, tenant, { kind: 'scale', replicas: 2 }),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    expect((await store.get(created.id))!.values.replicaCount).toBe(1);
  });

  it('follows the HelmRelease: ready, failed with its message, missing when gone', async () => {
    const { service, store, releases } = await setup();
    const created = await service.create(input, tenant, 'user:default/ben');
    releases.read.mockResolvedValueOnce({
      labels: {},
      generation: 1,
      conditions: [{ type: 'Ready', status: 'True', observedGeneration: 1 }],
    });
    expect(await service.refreshStatuses()).toEqual({
      changed: 1,
      unreachable: 0,
    });
    expect((await store.get(created.id))!.status).toBe('ready');

    releases.read.mockResolvedValueOnce({
      labels: {},
      generation: 2,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'UpgradeFailed',
          message: 'pods "llama-1" is forbidden: exceeded quota: ocdp-quota',
          observedGeneration: 2,
        },
      ],
    });
    await service.refreshStatuses();
    expect(await store.get(created.id)).toMatchObject({
      status: 'failed',
      statusMessage: expect.stringContaining('exceeded quota'),
    });

    releases.read.mockRejectedValueOnce(new Error('ECONNREFUSED'));
    expect(await service.refreshStatuses()).toEqual({
      changed: 0,
      unreachable: 1,
    });
    releases.read.mockResolvedValueOnce(undefined);
    await service.refreshStatuses();
    expect((await store.get(created.id))!.status).toBe('missing');
  });

  it('finishes a deploy that stopped between recording and applying', async () => {
    const { service, store, releases } = await setup();
    await store.create({
      id: 'i1',
      name: 'llama',
      tenant: 'vision',
      cluster: 'demo',
      namespace: 'ocdp-vision',
      owner: 'user:default/ben',
      chart: 'model-server',
      profile: 'model-server',
      values: { replicaCount: 1 },
      status: 'pending',
      entityRef: 'component:default/llama.vision.demo',
      kubernetesId: 'llama.vision.demo',
    });
    await service.refreshStatuses();
    expect(releases.apply).toHaveBeenCalledWith(
      'demo',
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'llama' }),
      }),
    );
    expect((await store.get('i1'))!.status).toBe('deploying');
  });

  it('tells the catalog of each instance made, changed and removed, and not of refusals', async () => {
    const { service, precheck, notify } = await setup();
    const created = await service.create(input, tenant, 'user:default/ben');
    precheck.check.mockResolvedValueOnce(report(false));
    await expect(
      service.change(created, tenant, { kind: 'scale', replicas: 5 }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    const scaled = await service.change(created, tenant, {
      kind: 'scale',
      replicas: 2,
    });
    await service.delete(scaled);
    expect(notify.mock.calls.map(([c]: any[]) => c.action)).toEqual([
      'created',
      'changed',
      'deleted',
    ]);
    expect(notify.mock.calls[0][0]).toMatchObject({
      instance: { id: created.id, kubernetesId: 'llama.vision.demo' },
    });
  });
});
