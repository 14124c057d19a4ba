import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateClient } from '../database/migrations';
import { DatabaseTenantStore } from '../tenants/DatabaseTenantStore';
import { DatabaseInstanceStore } from './DatabaseInstanceStore';
import { NewInstance } from './InstanceStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const instance = (
  id: string,
  name: string,
  tenant = 'vision',
  cluster = 'demo',
): NewInstance => ({
  id,
  name,
  tenant,
  cluster,
  namespace: `ns-${tenant}`,
  owner: 'user:default/ada',
  chart: 'model-server',
  chartVersion: '0.1.0',
  profile: 'model-server',
  values: { replicaCount: 1, gpu: { count: 1 } },
  status: 'pending',
  entityRef: `component:default/${name}.${tenant}.${cluster}`,
  kubernetesId: `${name}.${tenant}.${cluster}`,
  lastPrecheck: {
    ok: true,
    operation: 'install',
    checks: [],
    capacity: { ok: true, pods: 1, reasons: [] },
    reasons: [],
    warnings: [],
  } as any,
});

describe('DatabaseInstanceStore', () => {
  async function createStores(
    databaseId: Parameters<typeof databases.init>[0],
  ) {
    const knex = await databases.init(databaseId);
    await migrateClient(knex);
    const tenants = new DatabaseTenantStore(knex);
    for (const name of ['vision', 'nlp']) {
      await tenants.create({
        name,
        ownerRef: `group:default/team-${name}`,
        createdBy: 'user:default/ada',
        bindings: [{ cluster: 'demo', namespace: `ns-${name}`, quota: {} }],
      });
    }
    return { store: new DatabaseInstanceStore(knex), tenants };
  }

  it.each(databases.eachSupportedId())(
    'records, reads and lists instances, %p',
    async databaseId => {
      const { store } = await createStores(databaseId);
      const created = await store.create(instance('i1', 'llama'));
      expect(created).toMatchObject({
        id: 'i1',
        name: 'llama',
        tenant: 'vision',
        namespace: 'ns-vision',
        values: { replicaCount: 1, gpu: { count: 1 } },
        status: 'pending',
        kubernetesId: 'llama.vision.demo',
        version: 1,
      });
      await store.create(instance('i2', 'qwen', 'nlp'));
      expect((await store.list()).map(i => i.id)).toEqual(['i2', 'i1']);
      expect(
        (await store.list({ tenants: ['vision'] })).map(i => i.id),
      ).toEqual(['i1']);
      expect(await store.list({ tenants: [] })).toEqual([]);
      expect(
        (await store.list({ cluster: 'demo', status: 'pending' })).length,
      ).toBe(2);
      expect(await store.lastPrecheck('i1')).toMatchObject({ ok: true });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a release name already used in the namespace, %p',
    async databaseId => {
      const { store } = await createStores(databaseId);
      await store.create(instance('i1', 'llama'));
      await expect(store.create(instance('i2', 'llama'))).rejects.toThrow(
        'release "llama" already exists in namespace "ns-vision" on cluster "demo"',
      );
      await expect(
        store.create(instance('i3', 'llama', 'vision', 'lab')),
      ).resolves.toMatchObject({ cluster: 'lab' });
    },
  );

  it.each(databases.eachSupportedId())(
    'changes values with optimistic concurrency, and status without it, %p',
    async databaseId => {
      const { store } = await createStores(databaseId);
      await store.create(instance('i1', 'llama'));
      const updated = await store.updateValues(
        'i1',
        { values: { replicaCount: 2 } },
        1,
      );
      expect(updated).toMatchObject({
        values: { replicaCount: 2 },
        version: 2,
      });
      await expect(
        store.updateValues('i1', { values: { replicaCount: 3 } }, 1),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await expect(
        store.updateValues('nope', { values: {} }, 1),
      ).rejects.toMatchObject({ name: 'NotFoundError' });

      expect(await store.setStatus('i1', 'failed', 'exceeded quota')).toBe(
        true,
      );
      expect(await store.get('i1')).toMatchObject({
        status: 'failed',
        statusMessage: 'exceeded quota',
        version: 2,
      });
      expect(await store.setStatus('nope', 'ready')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a tenant that owns instances until they are deleted, %p',
    async databaseId => {
      const { store, tenants } = await createStores(databaseId);
      await store.create(instance('i1', 'llama'));
      expect(await tenants.countInstances('vision')).toBe(1);
      expect(await store.delete('i1')).toBe(true);
      expect(await store.delete('i1')).toBe(false);
      expect(await tenants.countInstances('vision')).toBe(0);
    },
  );
});
