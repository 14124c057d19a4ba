import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startKubeSim, KubeSim } from '@ocdp/kube-sim';
import { ocdpPlugin } from '../plugin';
import { TEST_CATALOG_ENTITIES } from '../__testUtils__/testCatalog';
import { testPermissions } from '../__testUtils__/testPermissions';
import { TenantReconciler } from './TenantReconciler';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('tenant reconcile with two backend replicas on one PostgreSQL', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ port: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('is required in CI', () => {
    const ids = databases.eachSupportedId().map(([id]) => id);
    expect(process.env.CI ? ids : ['POSTGRES_15']).toEqual(['POSTGRES_15']);
  });

  it.each(databases.eachSupportedId())(
    'runs one pass per interval across replicas, never two at once, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const runs: Array<{ start: number; end: number }> = [];
      const original = TenantReconciler.prototype.reconcile;
      const spy = jest
        .spyOn(TenantReconciler.prototype, 'reconcile')
        .mockImplementation(async function record(this: TenantReconciler) {
          const start = Date.now();
          try {
            return await original.call(this);
          } finally {
            runs.push({ start, end: Date.now() });
          }
        });

      const replica = () =>
        startTestBackend({
          features: [
            ocdpPlugin,
            schedulerServiceFactory,
            mockServices.database.factory({ knex }),
            testPermissions().factory,
            catalogServiceMock.factory({ entities: TEST_CATALOG_ENTITIES }),
            mockServices.rootConfig.factory({
              data: {
                kubernetes: {
                  clusterLocatorMethods: [
                    {
                      type: 'config',
                      clusters: [
                        {
                          name: 'demo',
                          url: sim.url,
                          skipTLSVerify: true,
                          serviceAccountToken: 'simulated-token',
                        },
                      ],
                    },
                  ],
                },
                ocdp: { tenants: { reconcileIntervalSeconds: 2 } },
              },
            }),
          ],
        });
      const first = await replica();
      const second = await replica();
      const windowMs = 11_000;
      const started = Date.now();
      await new Promise(r => setTimeout(r, windowMs));
      await Promise.all([first.stop(), second.stop()]);
      spy.mockRestore();

      const inWindow = runs.filter(r => r.start >= started - 2000);
      // One replica alone would run about windowMs / 2 s times; two unlocked replicas twice that.
      expect(inWindow.length).toBeGreaterThanOrEqual(3);
      expect(inWindow.length).toBeLessThanOrEqual(
        Math.ceil(windowMs / 2000) + 2,
      );
      const sorted = [...runs].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i++) {
        expect(sorted[i].start).toBeGreaterThanOrEqual(sorted[i - 1].end);
      }
    },
  );
});
