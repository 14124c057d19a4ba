import path from 'node:path';
import { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { KubeSim, startKubeSim } from '@ocdp/kube-sim';
// The test runs the real OCDP backend plugin next to this module (a dev dependency only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import ocdpPlugin from '@ocdp/plugin-ocdp-backend';
import scaffolderModuleOcdp from '@ocdp/plugin-scaffolder-backend-module-ocdp';
import { ADMIN, testPermissionsFactory } from './__testUtils__/permissions';
import { catalogModuleOcdp } from './module';

/**
 * The whole path of a model instance in real plugins: the deploy-vllm-model template runs in the
 * scaffolder as ben, the OCDP backend pre-flights and applies its HelmRelease to the simulated
 * cluster, and this module publishes it in the catalog (at once from the event, and on the
 * scheduled refresh, which reads every instance as the catalog's service through the real
 * permission framework). Deleting the instance removes the entity.
 */

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
  'Content-Type': 'application/json',
});
const BEN = 'user:default/ben';
const CLEO = 'user:default/cleo';

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) {
      throw new Error(`${what}: still ${JSON.stringify(value)}`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

describe('model instances from template to catalog', () => {
  let sim: KubeSim;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let base: string;
  // one scheduler for every plugin, so the test can run the provider's refresh task
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };

  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, scenario: 'demo' });
    backend = await startTestBackend({
      features: [
        ocdpPlugin,
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModuleOcdp,
        scaffolderPlugin,
        scaffolderModuleOcdp,
        testPermissionsFactory,
        eventsServiceFactory,
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            events: { useEventBus: 'never' },
            catalog: {
              rules: [{ allow: ['Component', 'Template', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.join(
                    root,
                    'templates/deploy-vllm-model/template.yaml',
                  ),
                },
              ],
            },
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
            ocdp: {
              tenants: { personalTenants: false, clusterTimeoutMs: 5000 },
              charts: {
                'model-server': {
                  directory: path.join(root, 'examples/charts/model-server'),
                  source: {
                    kind: 'HelmRepository',
                    name: 'ocdp-charts',
                    namespace: 'flux-system',
                  },
                },
              },
              catalog: { system: 'gpu-platform' },
            },
          },
        }),
      ],
    });
    base = `http://localhost:${backend.server.port()}/api`;
    const tenant = await fetch(`${base}/ocdp/tenants`, {
      method: 'POST',
      headers: as(ADMIN),
      body: JSON.stringify({
        name: 'vision',
        owner: BEN,
        bindings: [
          {
            cluster: 'demo',
            namespace: 'vision',
            quota: {
              'requests.cpu': '16',
              'requests.memory': '64Gi',
              'requests.nvidia.com/gpu': 2,
            },
          },
        ],
      }),
    });
    if (tenant.status !== 201) {
      throw new Error(`tenant not created: ${await tenant.text()}`);
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.close();
  });

  const entity = (name: string) =>
    fetch(`${base}/catalog/entities/by-name/component/default/${name}`, {
      headers: as(BEN),
    }).then(async r => ({
      status: r.status,
      body: r.ok ? await r.json() : undefined,
    }));

  /** Runs the template as `user` and waits for the task to end. */
  async function runTemplate(user: string, values: object) {
    await eventually(
      () =>
        fetch(
          `${base}/catalog/entities/by-name/template/default/ocdp-deploy-vllm-model`,
          { headers: as(user) },
        ).then(r => r.status),
      s => s === 200,
      'the template in the catalog',
    );
    const created = await fetch(`${base}/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: as(user),
      body: JSON.stringify({
        templateRef: 'template:default/ocdp-deploy-vllm-model',
        values,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const task = await eventually(
      () =>
        fetch(`${base}/scaffolder/v2/tasks/${id}`, { headers: as(user) }).then(
          r => r.json(),
        ),
      t => ['completed', 'failed', 'cancelled'].includes(t.status),
      `task ${id}`,
    );
    const events = await fetch(`${base}/scaffolder/v2/tasks/${id}/events`, {
      headers: as(user),
    }).then(r => r.json());
    return { task, events };
  }

  const values = (gpus: number) => ({
    release: 'llama',
    model: 'Qwen/Qwen2.5-1.5B-Instruct',
    maxModelLen: 4096,
    placement: { tenant: 'vision', cluster: 'demo' },
    gpu: { resource: 'nvidia.com/gpu', count: gpus },
    replicas: 1,
    cacheSize: '20Gi',
    exposure: 'clusterip',
  });

  it('stops a template asking for more GPUs than the quota at the pre-flight, making nothing', async () => {
    const { task, events } = await runTemplate(BEN, values(3));
    expect(task.status).toBe('failed');
    expect(JSON.stringify(events)).toContain('requests.nvidia.com/gpu');
    const list = await fetch(`${base}/ocdp/instances`, {
      headers: as(BEN),
    }).then(r => r.json());
    expect(list.items).toEqual([]);
    expect((await entity('llama.vision.demo')).status).toBe(404);
  });

  let instanceId: string;

  it('deploys within quota and the entity appears from the event, before any scheduled refresh', async () => {
    const started = performance.now();
    const { task, events } = await runTemplate(BEN, values(1));
    expect({ status: task.status, events }).toMatchObject({
      status: 'completed',
    });
    const published = await eventually(
      () => entity('llama.vision.demo'),
      r => r.status === 200,
      'entity llama.vision.demo',
    );
    const elapsed = performance.now() - started;
    // eslint-disable-next-line no-console
    console.info(`template run to entity visible: ${elapsed.toFixed(0)} ms`);
    instanceId = published.body.metadata.annotations['ocdp.io/instance-id'];
    expect(published.body).toMatchObject({
      kind: 'Component',
      metadata: {
        annotations: {
          'backstage.io/kubernetes-id': 'llama.vision.demo',
          'backstage.io/kubernetes-namespace': 'vision',
        },
      },
      spec: {
        type: 'model-instance',
        lifecycle: 'production',
        owner: BEN,
        system: 'gpu-platform',
      },
    });
    const completion = events.find((e: any) => e.type === 'completion');
    expect(completion.body.output.links[0]).toEqual({
      title: 'Open the model instance',
      icon: 'catalog',
      entityRef: 'component:default/llama.vision.demo',
    });
  });

  it('keeps the entity on the scheduled refresh, which reads every instance as the catalog service', async () => {
    // cleo is no member of vision: the API shows her nothing, the catalog's service sees it all
    const cleos = await fetch(`${base}/ocdp/instances`, {
      headers: as(CLEO),
    }).then(r => r.json());
    expect(cleos.items).toEqual([]);
    await scheduler.triggerTask('ocdp-instances:refresh');
    const after = await entity('llama.vision.demo');
    expect(after.status).toBe(200);
    expect(after.body.metadata.annotations['ocdp.io/instance-id']).toBe(
      instanceId,
    );
  });

  it('removes the entity when the instance is deleted', async () => {
    const deleted = await fetch(`${base}/ocdp/instances/${instanceId}`, {
      method: 'DELETE',
      headers: as(BEN),
    });
    expect(deleted.status).toBe(204);
    await eventually(
      () => entity('llama.vision.demo'),
      r => r.status === 404,
      'entity llama.vision.demo after delete',
    );
  });
});
