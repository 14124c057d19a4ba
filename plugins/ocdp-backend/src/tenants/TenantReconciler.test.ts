import { mockServices } from '@backstage/backend-test-utils';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { roleBindingSubjects } from './sync/tenantObjects';
import { TenantSync } from './sync/TenantSync';
import { TenantMembersSource } from './TenantMembers';
import { TenantReconciler } from './TenantReconciler';
import { TenantService } from './TenantService';
import { ActiveBinding, TenantStore } from './TenantStore';

const binding = (
  tenant: string,
  cluster: string,
  syncStatus: ActiveBinding['syncStatus'],
): ActiveBinding => ({
  tenant,
  owner: `group:default/${tenant}`,
  cluster,
  namespace: tenant,
  quota: { 'requests.nvidia.com/gpu': '2' },
  syncStatus,
  version: 1,
});

function setup(bindings: ActiveBinding[]) {
  const store = {
    tenantsBeingDeleted: jest.fn(async () => []),
    activeBindings: jest.fn(async () => bindings),
  } as unknown as jest.Mocked<TenantStore>;
  const service = {
    finishDeletion: jest.fn(async () => ({ pendingClusters: [] })),
    syncBinding: jest.fn(async () => true),
  } as unknown as jest.Mocked<TenantService>;
  const sync = {
    listManagedQuotas: jest.fn(async () => new Map()),
    listManagedRoleBindingSubjects: jest.fn(async () => new Map()),
    listNamespacesWithStaleLabels: jest.fn(async () => new Set<string>()),
    requestToken: jest.fn(),
  } as unknown as jest.Mocked<TenantSync>;
  const members: jest.Mocked<TenantMembersSource> = {
    lookup: jest.fn(async () => () => []),
    of: jest.fn(),
  };
  const reconciler = new TenantReconciler({
    store,
    service,
    sync,
    members,
    clusters: {
      list: () => [{ name: 'demo' }, { name: 'lab' }],
    } as unknown as OcdpClustersService,
    logger: mockServices.logger.mock(),
  });
  return { store, service, sync, reconciler };
}

describe('TenantReconciler', () => {
  it('applies pending bindings and re-applies drifted ones, leaving matching ones alone', async () => {
    const pending = binding('team-a', 'demo', 'pending');
    const matching = binding('team-b', 'demo', 'synced');
    const drifted = binding('team-c', 'demo', 'synced');
    const { service, sync, reconciler } = setup([pending, matching, drifted]);
    sync.listManagedQuotas.mockResolvedValue(
      new Map([
        [
          'team-b',
          { tenant: 'team-b', hard: { 'requests.nvidia.com/gpu': '2' } },
        ],
        [
          'team-c',
          { tenant: 'team-c', hard: { 'requests.nvidia.com/gpu': '8' } },
        ],
      ]),
    );
    sync.listManagedRoleBindingSubjects.mockResolvedValue(
      new Map(
        ['team-b', 'team-c'].map(t => [
          t,
          roleBindingSubjects(`group:default/${t}`, [], t),
        ]),
      ),
    );
    const stats = await reconciler.reconcile();
    expect(stats).toMatchObject({ applied: 2, drifted: 1, failed: 0 });
    const synced = service.syncBinding.mock.calls.map(([b]) => b.tenant);
    expect(synced).toEqual(['team-a', 'team-c']);
  });

  it('re-applies a synced binding whose RoleBinding lost a member', async () => {
    const synced = binding('team-b', 'demo', 'synced');
    const { service, sync, reconciler } = setup([synced]);
    sync.listManagedQuotas.mockResolvedValue(
      new Map([
        [
          'team-b',
          { tenant: 'team-b', hard: { 'requests.nvidia.com/gpu': '2' } },
        ],
      ]),
    );
    sync.listManagedRoleBindingSubjects.mockResolvedValue(new Map());
    expect((await reconciler.reconcile()).drifted).toBe(1);
    expect(service.syncBinding).toHaveBeenCalledTimes(1);
  });

  it('skips an unreachable cluster and goes on with the others', async () => {
    const { service, sync, reconciler } = setup([
      binding('team-a', 'demo', 'pending'),
      binding('team-a', 'lab', 'pending'),
    ]);
    sync.listManagedQuotas.mockImplementation(async cluster => {
      if (cluster === 'demo')
        throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
      return new Map();
    });
    const stats = await reconciler.reconcile();
    expect(stats.unreachableClusters).toEqual(['demo']);
    expect(service.syncBinding.mock.calls.map(([b]) => b.cluster)).toEqual([
      'lab',
    ]);
  });

  it('counts failed applies and finished deletions', async () => {
    const { store, service, reconciler } = setup([
      binding('team-a', 'demo', 'error'),
    ]);
    store.tenantsBeingDeleted.mockResolvedValue([
      { name: 'old', bindings: [] } as any,
    ]);
    service.syncBinding.mockResolvedValue(false);
    expect(await reconciler.reconcile()).toMatchObject({
      failed: 1,
      applied: 0,
      deleted: 1,
    });
    expect(service.finishDeletion).toHaveBeenCalledWith('old');
  });
});
