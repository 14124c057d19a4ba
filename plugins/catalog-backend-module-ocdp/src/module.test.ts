import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  OCDP_INSTANCE_EVENTS_TOPIC,
  OcdpInstance,
} from '@ocdp/plugin-ocdp-common';
import { testInstance } from './__testUtils__/instances';
import { catalogModuleOcdp } from './module';

jest.setTimeout(60_000);

/** A stand-in `ocdp` plugin: GET /instances lists `instances`, recording who asked. */
function fakeOcdpPlugin(instances: OcdpInstance[], callers: string[]) {
  return createBackendPlugin({
    pluginId: 'ocdp',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          httpRouter.use(async (req, res, next) => {
            if (req.method !== 'GET' || req.path !== '/instances') {
              next();
              return;
            }
            try {
              const credentials = await httpAuth.credentials(req, {
                allow: ['service'],
              });
              callers.push(credentials.principal.subject);
              res.json({ items: instances });
            } catch (error) {
              next(error);
            }
          });
        },
      });
    },
  });
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const until = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until)
      throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('catalogModuleOcdp', () => {
  it('publishes the instances in the catalog on schedule and follows instance events', async () => {
    const callers: string[] = [];
    const instances = [testInstance()];
    const scheduler = mockServices.scheduler.mock();
    const events = mockServices.events();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleOcdp,
        fakeOcdpPlugin(instances, callers),
        scheduler.factory,
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => events,
        }),
        mockServices.rootConfig.factory({
          data: {
            ocdp: {
              catalog: {
                system: 'model-serving',
                schedule: {
                  frequency: { seconds: 30 },
                  timeout: { minutes: 1 },
                },
              },
            },
          },
        }),
      ],
    });
    const base = `http://localhost:${backend.server.port()}/api/catalog`;
    const entity = (name: string) =>
      fetch(`${base}/entities/by-name/component/default/${name}`, {
        headers: { Authorization: mockCredentials.user.header() },
      }).then(async r => ({
        status: r.status,
        body: r.ok ? await r.json() : undefined,
      }));

    try {
      const task = scheduler.scheduleTask.mock.calls
        .map(([t]) => t)
        .find(t => t.id === 'ocdp-instances:refresh');
      expect(task).toMatchObject({ frequency: { seconds: 30 } });
      await task!.fn(new AbortController().signal);
      expect(callers).toEqual(['plugin:catalog']);

      const published = await eventually(
        () => entity('llama.vision.demo'),
        r => r.status === 200,
        'entity llama.vision.demo',
      );
      expect(published.body).toMatchObject({
        kind: 'Component',
        metadata: {
          annotations: {
            'backstage.io/kubernetes-id': 'llama.vision.demo',
            'ocdp.io/instance-id': testInstance().id,
          },
        },
        spec: {
          type: 'model-instance',
          owner: 'user:default/ben',
          system: 'model-serving',
        },
      });
      expect(published.body.relations).toEqual(
        expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'user:default/ben' },
          { type: 'partOf', targetRef: 'system:default/model-serving' },
        ]),
      );

      // a new instance appears without waiting for the schedule
      const qwen = testInstance({
        id: 'qwen-id',
        name: 'qwen',
        entityRef: 'component:default/qwen.vision.demo',
        kubernetesId: 'qwen.vision.demo',
      });
      await events.publish({
        topic: OCDP_INSTANCE_EVENTS_TOPIC,
        eventPayload: { action: 'created', instance: qwen },
      });
      await eventually(
        () => entity('qwen.vision.demo'),
        r => r.status === 200,
        'entity qwen.vision.demo',
      );

      // and a deleted one goes the same way
      await events.publish({
        topic: OCDP_INSTANCE_EVENTS_TOPIC,
        eventPayload: { action: 'deleted', instance: testInstance() },
      });
      await eventually(
        () => entity('llama.vision.demo'),
        r => r.status === 404,
        'entity llama.vision.demo after delete',
      );
      expect((await entity('qwen.vision.demo')).status).toBe(200);
    } finally {
      await backend.stop();
    }
  });
});
