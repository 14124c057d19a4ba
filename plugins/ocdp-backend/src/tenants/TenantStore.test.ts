import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateClient } from '../database/migrations';
import { TenantStore } from './TenantStore';
import { NewTenant } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe('TenantStore', () => {
  it('runs against PostgreSQL as well as SQLite in CI', () => {
    const ids = databases.eachSupportedId().map(([id]) => id);
    const required = process.env.CI ? ['POSTGRES_15', 'SQLITE_3'] : ['SQLITE_3'];
    expect(ids).toEqual(expect.arrayContaining(required));
  });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await migrateClient(knex);
    return new TenantStore(knex);
  }

  const newTenant = (name: string, namespace = `ns-${name}`): NewTenant => ({
    name,
    ownerRef: 'group:default/team-vision',
    createdBy: 'user:default/ada',
    bindings: [
      {
        cluster: 'demo',
        namespace,
        quota: { 'requests.cpu': '8', 'requests.nvidia.com/gpu': '2' },
      },
      { cluster: 'lab', namespace, quota: { 'requests.nvidia.com/gpu': '0' } },
    ],
  });

  it.each(databases.eachSupportedId())(
    'creates, reads and lists tenants with their bindings, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const created = await store.create(newTenant('vision'));
      expect(created).toEqual({
        name: 'vision',
        ownerRef: 'group:default/team-vision',
        personal: false,
        createdBy: 'user:default/ada',
        createdAt: expect.any(String),
        bindings: [
          {
            cluster: 'demo',
            namespace: 'ns-vision',
            quota: { 'requests.cpu': '8', 'requests.nvidia.com/gpu': '2' },
            syncStatus: 'pending',
            version: 1,
          },
          {
            cluster: 'lab',
            namespace: 'ns-vision',
            quota: { 'requests.nvidia.com/gpu': '0' },
            syncStatus: 'pending',
            version: 1,
          },
        ],
      });
      await store.create({ ...newTenant('nlp'), personal: true });
      expect((await store.list()).map(t => [t.name, t.personal])).toEqual([
        ['nlp', true],
        ['vision', false],
      ]);
      expect(await store.get('missing')).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a duplicate tenant and a namespace that another tenant owns, keeping both intact, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.create(newTenant('vision'));
      await expect(store.create(newTenant('vision', 'other'))).rejects.toThrow(
        'tenant "vision" already exists',
      );
      await expect(store.create(newTenant('thief', 'ns-vision'))).rejects.toThrow(
        'namespace "ns-vision" on cluster "demo" already belongs to tenant "vision"',
      );
      expect(await store.get('thief')).toBeUndefined();
      expect((await store.list()).map(t => t.name)).toEqual(['vision']);
    },
  );

  it.each(databases.eachSupportedId())(
    'updates quotas with optimistic concurrency, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.create(newTenant('vision'));
      const updated = await store.updateQuota(
        'vision',
        'demo',
        { 'requests.nvidia.com/gpu': '4' },
        1,
      );
      expect(updated).toMatchObject({
        version: 2,
        syncStatus: 'pending',
        quota: { 'requests.nvidia.com/gpu': '4' },
      });
      await expect(
        store.updateQuota('vision', 'demo', { 'requests.nvidia.com/gpu': '1' }, 1),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect((await store.get('vision'))!.bindings[0].quota).toEqual({
        'requests.nvidia.com/gpu': '4',
      });
      await expect(
        store.updateQuota('vision', 'nowhere', {}, 1),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    },
  );

  it.each(databases.eachSupportedId())(
    'records sync outcomes only for the version that was applied, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.create(newTenant('vision'));
      expect((await store.bindingsToSync()).map(b => b.cluster)).toEqual([
        'demo',
        'lab',
      ]);
      expect(
        await store.recordSync('vision', 'demo', 1, {
          ok: false,
          error: 'cluster unreachable',
        }),
      ).toBe(true);
      expect(await store.recordSync('vision', 'lab', 1, { ok: true })).toBe(true);
      const tenant = (await store.get('vision'))!;
      expect(tenant.bindings[0]).toMatchObject({
        syncStatus: 'error',
        lastError: 'cluster unreachable',
      });
      expect(tenant.bindings[1]).toMatchObject({
        syncStatus: 'synced',
        lastSyncedAt: expect.any(String),
      });
      expect((await store.bindingsToSync()).map(b => b.cluster)).toEqual([
        'demo',
      ]);

      await store.updateQuota('vision', 'lab', { pods: '10' }, 1);
      expect(await store.recordSync('vision', 'lab', 1, { ok: true })).toBe(false);
      expect((await store.get('vision'))!.bindings[1].syncStatus).toBe('pending');
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes a tenant with its bindings, idempotently, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.create(newTenant('vision'));
      expect(await store.delete('vision')).toBe(true);
      expect(await store.delete('vision')).toBe(false);
      expect(await store.bindingsToSync()).toEqual([]);
      await store.create(newTenant('again', 'ns-vision'));
      expect((await store.get('again'))!.bindings).toHaveLength(2);
    },
  );
});
