import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateClient } from '../database/migrations';
import { DatabaseTenantStore } from './DatabaseTenantStore';
import { NewTenant } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe('DatabaseTenantStore', () => {
  it('runs against PostgreSQL as well as SQLite in CI', () => {
    const ids = databases.eachSupportedId().map(([id]) => id);
    const required = process.env.CI
      ? ['POSTGRES_15', 'SQLITE_3']
      : ['SQLITE_3'];
    expect(ids).toEqual(expect.arrayContaining(required));
  });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await migrateClient(knex);
    return new DatabaseTenantStore(knex);
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
      await expect(
        store.create(newTenant('thief', 'ns-vision')),
      ).rejects.toThrow(
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
        store.updateQuota(
          'vision',
          'demo',
          { 'requests.nvidia.com/gpu': '1' },
          1,
        ),
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
      expect(
        (await store.activeBindings({ onlyUnsynced: true })).map(
          b => b.cluster,
        ),
      ).toEqual(['demo', 'lab']);
      expect(
        await store.recordSync('vision', 'demo', 1, {
          ok: false,
          error: 'cluster unreachable',
        }),
      ).toBe(true);
      expect(await store.recordSync('vision', 'lab', 1, { ok: true })).toBe(
        true,
      );
      const tenant = (await store.get('vision'))!;
      expect(tenant.bindings[0]).toMatchObject({
        syncStatus: 'error',
        lastError: 'cluster unreachable',
      });
      expect(tenant.bindings[1]).toMatchObject({
        syncStatus: 'synced',
        lastSyncedAt: expect.any(String),
      });
      expect(
        (await store.activeBindings({ onlyUnsynced: true })).map(
          b => b.cluster,
        ),
      ).toEqual(['demo']);

      await store.updateQuota('vision', 'lab', { pods: '10' }, 1);
      expect(await store.recordSync('vision', 'lab', 1, { ok: true })).toBe(
        false,
      );
      expect((await store.get('vision'))!.bindings[1].syncStatus).toBe(
        'pending',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes a tenant in two steps, hiding it at once and freeing the name when cleaned up, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.create(newTenant('vision'));
      expect(await store.markDeleting('vision')).toBe(true);
      expect(await store.markDeleting('vision')).toBe(true);
      expect(await store.markDeleting('nobody')).toBe(false);
      expect(await store.get('vision')).toBeUndefined();
      expect(await store.list()).toEqual([]);
      expect(await store.activeBindings()).toEqual([]);
      await expect(store.create(newTenant('vision', 'other'))).rejects.toThrow(
        /being deleted/,
      );

      const [deleting] = await store.tenantsBeingDeleted();
      expect(deleting.bindings.map(b => b.cluster)).toEqual(['demo', 'lab']);
      await store.removeBinding('vision', 'demo');
      await store.recordCleanupError('vision', 'lab', 'unreachable');
      expect(await store.finishDeletion('vision')).toBe(false);
      expect((await store.tenantsBeingDeleted())[0].bindings).toEqual([
        expect.objectContaining({ cluster: 'lab', lastError: 'unreachable' }),
      ]);
      await store.removeBinding('vision', 'lab');
      expect(await store.finishDeletion('vision')).toBe(true);
      expect(await store.tenantsBeingDeleted()).toEqual([]);

      await store.create(newTenant('vision', 'ns-vision'));
      expect((await store.get('vision'))!.bindings).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses to delete a tenant that owns model instances, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateClient(knex);
      const store = new DatabaseTenantStore(knex);
      await store.create(newTenant('vision'));
      await knex('ocdp_instances').insert({
        id: 'i-1',
        tenant_name: 'vision',
        cluster: 'demo',
        namespace: 'ns-vision',
        release_name: 'llama',
        owner_ref: 'user:default/ben',
        chart: 'vllm',
      });
      expect(await store.countInstances('vision')).toBe(1);
      await expect(store.markDeleting('vision')).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(/owns 1 model instance/),
      });
      expect(await store.get('vision')).toBeDefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'filters by owner case-insensitively and joins owners into active bindings, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.create(newTenant('vision'));
      await store.create({
        ...newTenant('mine', 'ns-mine'),
        ownerRef: 'user:default/ben',
      });
      expect(
        (await store.list({ ownerIn: ['User:default/Ben'] })).map(t => t.name),
      ).toEqual(['mine']);
      expect(await store.list({ ownerIn: [] })).toEqual([]);
      expect((await store.list()).map(t => t.name)).toEqual(['mine', 'vision']);
      const active = await store.activeBindings();
      expect(active).toHaveLength(4);
      expect(active[0]).toMatchObject({
        tenant: 'mine',
        owner: 'user:default/ben',
        cluster: 'demo',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'adds a binding for a new cluster and refuses a taken namespace, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.create({
        ...newTenant('vision'),
        bindings: [newTenant('vision').bindings[0]],
      });
      const added = await store.addBinding('vision', {
        cluster: 'lab',
        namespace: 'ns-vision',
        quota: { pods: '5' },
      });
      expect(added).toMatchObject({
        cluster: 'lab',
        version: 1,
        syncStatus: 'pending',
      });
      await store.create({
        ...newTenant('other', 'ns-other'),
        bindings: [newTenant('other', 'ns-other').bindings[0]],
      });
      await expect(
        store.addBinding('other', {
          cluster: 'lab',
          namespace: 'ns-vision',
          quota: {},
        }),
      ).rejects.toThrow(/already belongs to tenant "vision"/);
    },
  );

  it.each(databases.eachSupportedId())(
    'pages tenants by name with a cursor, filters and a total count, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      for (let i = 0; i < 7; i++) {
        await store.create({
          ...newTenant(`team-${i}`),
          ownerRef:
            i % 2 ? 'group:default/Team-NLP' : 'group:default/team-vision',
          bindings: i < 5 ? newTenant(`team-${i}`).bindings : [],
        });
      }
      await store.create(newTenant('odd_%name', 'ns-odd'));
      await store.markDeleting('team-6');

      const first = await store.page({ limit: 3 });
      expect(first.items.map(t => t.name)).toEqual([
        'odd_%name',
        'team-0',
        'team-1',
      ]);
      expect(first.totalCount).toBe(7);
      expect(first.items[1].bindings.map(b => b.cluster)).toEqual([
        'demo',
        'lab',
      ]);
      const second = await store.page({ limit: 3, cursor: first.nextCursor });
      expect(second.items.map(t => t.name)).toEqual([
        'team-2',
        'team-3',
        'team-4',
      ]);
      const last = await store.page({ limit: 3, cursor: second.nextCursor });
      expect(last.items.map(t => t.name)).toEqual(['team-5']);
      expect(last.nextCursor).toBeUndefined();

      expect(
        (await store.page({ limit: 10, q: 'TEAM-nlp' })).items.map(t => t.name),
      ).toEqual(['team-1', 'team-3', 'team-5']);
      // LIKE wildcards in the search text are matched literally
      expect(
        (await store.page({ limit: 10, q: '_%' })).items.map(t => t.name),
      ).toEqual(['odd_%name']);
      expect(
        (await store.page({ limit: 10, owner: 'group:default/team-nlp' }))
          .totalCount,
      ).toBe(3);
      expect(
        (await store.page({ limit: 10, cluster: 'lab' })).items.map(
          t => t.name,
        ),
      ).toEqual([
        'odd_%name',
        'team-0',
        'team-1',
        'team-2',
        'team-3',
        'team-4',
      ]);
      const members = await store.page({
        limit: 2,
        ownerIn: ['group:default/team-nlp'],
      });
      expect(members.items.map(t => t.name)).toEqual(['team-1', 'team-3']);
      expect(members.totalCount).toBe(3);
      expect(await store.page({ limit: 2, ownerIn: [] })).toEqual({
        items: [],
        totalCount: 0,
      });
      await expect(store.page({ limit: 2, cursor: 'garbage' })).rejects.toThrow(
        /^cursor: /,
      );
    },
  );
});
