import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startKubeSim, KubeSim } from '@ocdp/kube-sim';
import {
  INSTANCE_REFRESH_TASK_ID,
  ocdpPlugin,
  TENANT_RECONCILE_TASK_ID,
} from '../plugin';
import { TEST_CATALOG_ENTITIES } from './testCatalog';
import { testPermissions } from './testPermissions';

export interface OcdpTestBackend {
  server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  sims: Record<string, KubeSim>;
  /** Auditor events the plugin created: id, meta, and how they ended. */
  auditEvents: Array<{
    eventId: string;
    meta?: unknown;
    outcome?: 'success' | 'fail';
  }>;
  /** Runs one pass of the tenant reconcile task, as the scheduler would. */
  reconcile(): Promise<void>;
  /** Runs one pass of the instance status refresh task. */
  refreshInstances(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The OCDP backend plugin in a test backend, with clusters `demo` and `lab` served by two
 * simulators, the example permission rules and a scheduler the test triggers by hand.
 */
export async function startOcdpBackend(
  options: { ocdpConfig?: Record<string, unknown> } = {},
): Promise<OcdpTestBackend> {
  const sims = {
    demo: await startKubeSim({ port: 0, scenario: 'demo' }),
    lab: await startKubeSim({ port: 0 }),
  };
  const scheduler = mockServices.scheduler.mock();
  const auditEvents: OcdpTestBackend['auditEvents'] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => {
      const event: OcdpTestBackend['auditEvents'][number] = { eventId, meta };
      auditEvents.push(event);
      return {
        success: async () => {
          event.outcome = 'success';
        },
        fail: async () => {
          event.outcome = 'fail';
        },
      };
    },
  });
  const backend = await startTestBackend({
    features: [
      ocdpPlugin,
      scheduler.factory,
      auditor.factory,
      testPermissions().factory,
      catalogServiceMock.factory({ entities: TEST_CATALOG_ENTITIES }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: Object.entries(sims).map(([name, sim]) => ({
                  name,
                  url: sim.url,
                  skipTLSVerify: true,
                  serviceAccountToken: 'simulated-token',
                })),
              },
            ],
          },
          ocdp: {
            tenants: { clusterTimeoutMs: 2000 },
            ...options.ocdpConfig,
          },
        },
      }),
    ],
  });
  const scheduled = (id: string) => {
    const found = scheduler.scheduleTask.mock.calls
      .map(([t]) => t as SchedulerServiceTaskInvocationDefinition)
      .find(t => t.id === id);
    if (!found) throw new Error(`the task ${id} was not scheduled`);
    return found;
  };
  const task = scheduled(TENANT_RECONCILE_TASK_ID);
  const refresh = scheduled(INSTANCE_REFRESH_TASK_ID);
  return {
    server: backend.server,
    sims,
    auditEvents,
    reconcile: async () => {
      await task.fn(new AbortController().signal);
    },
    refreshInstances: async () => {
      await refresh.fn(new AbortController().signal);
    },
    stop: async () => {
      await backend.stop();
      await Promise.all(Object.values(sims).map(s => s.close()));
    },
  };
}
