import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { readOcdpBackendConfig } from '../config/readOcdpBackendConfig';
import { TenantSync } from './sync/TenantSync';
import { TenantMembersSource } from './TenantMembers';
import { TenantService } from './TenantService';
import { ActiveBinding, TenantStore } from './TenantStore';
import { Tenant } from './types';

const stored: Tenant = {
  name: 'team-a',
  ownerRef: 'group:default/team-vision',
  personal: false,
  createdBy: 'user:default/ada',
  createdAt: '2026-11-30T00:00:00.000Z',
  bindings: [
    {
      cluster: 'demo',
      namespace: 'team-a',
      quota: { 'requests.nvidia.com/gpu': '2' },
      syncStatus: 'pending',
      version: 1,
    },
  ],
};

const active: ActiveBinding = {
  ...stored.bindings[0],
  tenant: 'team-a',
  owner: stored.ownerRef,
};

function mocks() {
  const store = {
    create: jest.fn(async () => stored),
    get: jest.fn(async () => stored),
    list: jest.fn(async () => [stored]),
    page: jest.fn(),
    updateQuota: jest.fn(async () => stored.bindings[0]),
    recordSync: jest.fn(async () => true),
    activeBindings: jest.fn(async () => [active]),
    addBinding: jest.fn(async () => stored.bindings[0]),
    countInstances: jest.fn(async () => 0),
    markDeleting: jest.fn(async () => true),
    tenantsBeingDeleted: jest.fn(async () => [stored]),
    removeBinding: jest.fn(async () => undefined),
    recordCleanupError: jest.fn(async () => undefined),
    finishDeletion: jest.fn(async () => true),
  } as unknown as jest.Mocked<TenantStore>;
  const sync = {
    assertNotProtected: jest.fn(),
    assertNamespaceAvailable: jest.fn(async () => undefined),
    apply: jest.fn(async () => undefined),
    remove: jest.fn(async () => undefined),
    readQuota: jest.fn(async () => null),
    listManagedQuotas: jest.fn(),
    listManagedRoleBindingSubjects: jest.fn(),
    listNamespacesWithStaleLabels: jest.fn(),
    requestToken: jest.fn(),
  } as unknown as jest.Mocked<TenantSync>;
  const members = {
    lookup: jest.fn(),
    of: jest.fn(async () => ['user:default/ben']),
  } as unknown as jest.Mocked<TenantMembersSource>;
  const clusters = {
    list: () => [{ name: 'demo' }, { name: 'lab' }],
    get: (name: string) => ({ name }),
  } as unknown as OcdpClustersService;
  const service = new TenantService({
    store,
    sync,
    members,
    clusters,
    config: readOcdpBackendConfig(new ConfigReader({})),
    logger: mockServices.logger.mock(),
  });
  return { store, sync, members, service };
}

const input = {
  name: 'team-a',
  owner: 'group:default/team-vision',
  bindings: [
    {
      cluster: 'demo',
      namespace: 'team-a',
      quota: { 'requests.nvidia.com/gpu': '2' },
    },
  ],
};

describe('TenantService', () => {
  it('creates a tenant, then applies each binding with its members and records the outcome', async () => {
    const { store, sync, service } = mocks();
    const tenant = await service.create(input, 'user:default/ada');
    expect(tenant.owner).toBe('group:default/team-vision');
    expect(store.create).toHaveBeenCalledWith({
      name: 'team-a',
      ownerRef: 'group:default/team-vision',
      createdBy: 'user:default/ada',
      bindings: input.bindings,
    });
    expect(sync.apply).toHaveBeenCalledWith(
      expect.objectContaining({
        tenant: 'team-a',
        cluster: 'demo',
        members: ['user:default/ben'],
      }),
    );
    expect(store.recordSync).toHaveBeenCalledWith('team-a', 'demo', 1, {
      ok: true,
    });
  });

  it('stores nothing when the namespace belongs to someone else on a reachable cluster', async () => {
    const { store, sync, service } = mocks();
    sync.assertNamespaceAvailable.mockRejectedValue(
      new ConflictError('namespace "team-a" already exists'),
    );
    await expect(service.create(input, 'user:default/ada')).rejects.toThrow(
      ConflictError,
    );
    expect(store.create).not.toHaveBeenCalled();
  });

  it('stores the tenant when the cluster is down and records the sync error for the reconcile loop', async () => {
    const { store, sync, service } = mocks();
    const down = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    sync.assertNamespaceAvailable.mockRejectedValue(down);
    sync.apply.mockRejectedValue(down);
    await service.create(input, 'user:default/ada');
    expect(store.create).toHaveBeenCalled();
    expect(store.recordSync).toHaveBeenCalledWith('team-a', 'demo', 1, {
      ok: false,
      error: 'API server unreachable (ECONNREFUSED)',
    });
  });

  it('refuses to move an existing binding to another namespace', async () => {
    const { store, service } = mocks();
    await expect(
      service.setQuota(
        'team-a',
        'demo',
        { quota: {}, quotaForNewBinding: {}, namespace: 'elsewhere' },
        1,
      ),
    ).rejects.toThrow(/a namespace cannot be changed/);
    expect(store.updateQuota).not.toHaveBeenCalled();
  });

  it('adds a binding with the defaults-merged quota on a cluster the tenant is not on yet', async () => {
    const { store, sync, service } = mocks();
    const result = await service.setQuota(
      'team-a',
      'lab',
      {
        quota: { pods: '3' },
        quotaForNewBinding: { pods: '3', 'requests.cpu': '2' },
      },
      undefined,
    );
    expect(result.created).toBe(true);
    expect(sync.assertNotProtected).toHaveBeenCalledWith('team-a');
    expect(store.addBinding).toHaveBeenCalledWith('team-a', {
      cluster: 'lab',
      namespace: 'team-a',
      quota: { pods: '3', 'requests.cpu': '2' },
    });
    await expect(
      service.setQuota(
        'team-a',
        'lab',
        { quota: {}, quotaForNewBinding: {} },
        7,
      ),
    ).rejects.toThrow(/has no binding on cluster "lab"/);
  });

  it('finishes a deletion later for clusters it cannot reach', async () => {
    const { store, sync, service } = mocks();
    sync.remove.mockRejectedValue(
      Object.assign(new Error('down'), { code: 'ECONNREFUSED' }),
    );
    expect(await service.delete('team-a')).toEqual({
      pendingClusters: ['demo'],
    });
    expect(store.removeBinding).not.toHaveBeenCalled();
    expect(store.recordCleanupError).toHaveBeenCalledWith(
      'team-a',
      'demo',
      'API server unreachable (ECONNREFUSED)',
    );
    store.markDeleting.mockResolvedValue(false);
    await expect(service.delete('nope')).rejects.toThrow(/does not exist/);
  });

  it('reports live usage, drift and why live data is missing', async () => {
    const { sync, service } = mocks();
    sync.readQuota.mockResolvedValueOnce({
      hard: { 'requests.nvidia.com/gpu': '1' },
      used: { 'requests.nvidia.com/gpu': '1' },
    });
    const [drifted] = (await service.usage('team-a')).bindings;
    expect(drifted.live?.used).toEqual({ 'requests.nvidia.com/gpu': '1' });
    expect(drifted.drift).not.toHaveLength(0);
    const [missing] = (await service.usage('team-a')).bindings;
    expect(missing).toMatchObject({
      live: null,
      liveError: 'quota not created on the cluster yet',
    });
  });
});
