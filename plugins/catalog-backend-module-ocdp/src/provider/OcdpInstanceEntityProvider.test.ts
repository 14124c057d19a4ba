import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  OCDP_INSTANCE_EVENTS_TOPIC,
  OcdpInstance,
} from '@ocdp/plugin-ocdp-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { testInstance } from '../__testUtils__/instances';
import { OcdpInstanceEntityProvider } from './OcdpInstanceEntityProvider';
import { InstanceReader } from './readInstances';

const BASE_URL = 'http://backend.test/api/ocdp';
const TOKEN = 'catalog-service-token-for-ocdp';

describe('OcdpInstanceEntityProvider', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const catalogService = mockCredentials.service('plugin:catalog');
  let auth: ReturnType<typeof mockServices.auth.mock>;
  let scheduler: ReturnType<typeof mockServices.scheduler.mock>;
  let events: ReturnType<typeof mockServices.events>;
  let connection: jest.Mocked<EntityProviderConnection>;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let provider: OcdpInstanceEntityProvider;

  beforeEach(async () => {
    auth = mockServices.auth.mock({
      getOwnServiceCredentials: jest.fn(async () => catalogService),
      getPluginRequestToken: jest.fn(async () => ({ token: TOKEN })),
    });
    scheduler = mockServices.scheduler.mock();
    events = mockServices.events();
    logger = mockServices.logger.mock();
    connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    provider = new OcdpInstanceEntityProvider({
      reader: new InstanceReader(
        auth,
        mockServices.discovery.mock({
          getBaseUrl: jest.fn(async () => BASE_URL),
        }),
      ),
      scheduler,
      events,
      logger,
      schedule: { frequency: { minutes: 1 }, timeout: { minutes: 3 } },
      system: 'model-serving',
    });
    await provider.connect(connection);
  });

  /** Answers GET /instances with `items`, recording the Authorization of each call. */
  function backend(items: OcdpInstance[] | (() => Response)) {
    const seen: Array<string | null> = [];
    server.use(
      http.get(`${BASE_URL}/instances`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return typeof items === 'function'
          ? items()
          : HttpResponse.json({ items });
      }),
    );
    return seen;
  }

  const refreshTask = () => {
    const [[task]] = scheduler.scheduleTask.mock.calls;
    return task;
  };

  it('schedules a full refresh from config', () => {
    expect(refreshTask()).toMatchObject({
      id: 'ocdp-instances:refresh',
      frequency: { minutes: 1 },
      timeout: { minutes: 3 },
    });
  });

  it('replaces every entity with the instances the backend lists, read as its own service', async () => {
    const seen = backend([
      testInstance(),
      testInstance({
        id: 'second',
        name: 'qwen',
        tenant: 'team-a',
        namespace: 'ocdp-team-a',
        owner: 'group:default/team-a',
        entityRef: 'component:default/qwen.team-a.demo',
        kubernetesId: 'qwen.team-a.demo',
      }),
    ]);
    await refreshTask().fn(new AbortController().signal);

    expect(auth.getPluginRequestToken).toHaveBeenCalledWith({
      onBehalfOf: catalogService,
      targetPluginId: 'ocdp',
    });
    expect(seen).toEqual([`Bearer ${TOKEN}`]);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const [[mutation]] = connection.applyMutation.mock.calls;
    expect(mutation.type).toBe('full');
    const entities = (mutation as { entities: any[] }).entities;
    expect(entities.map(e => e.locationKey)).toEqual([
      'ocdp-instances',
      'ocdp-instances',
    ]);
    expect(
      entities.map(e => [
        e.entity.metadata.name,
        e.entity.spec.owner,
        e.entity.spec.system,
        e.entity.metadata.annotations['ocdp.io/instance-id'],
      ]),
    ).toEqual([
      [
        'llama.vision.demo',
        'user:default/ben',
        'model-serving',
        testInstance().id,
      ],
      ['qwen.team-a.demo', 'group:default/team-a', 'model-serving', 'second'],
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      'Published 2 OCDP model instance(s) in the catalog',
    );
  });

  it('publishes an empty catalog when there are no instances', async () => {
    backend([]);
    await provider.refresh();
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [],
    });
  });

  it('keeps the entities it has when the backend fails, and says why', async () => {
    backend(() =>
      HttpResponse.json(
        { error: { name: 'Error', message: 'database is down' } },
        { status: 500 },
      ),
    );
    await expect(provider.refresh()).rejects.toThrow(/500/);
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('adds the entity of a created or changed instance at once', async () => {
    await events.publish({
      topic: OCDP_INSTANCE_EVENTS_TOPIC,
      eventPayload: { action: 'created', instance: testInstance() },
    });
    await events.publish({
      topic: OCDP_INSTANCE_EVENTS_TOPIC,
      eventPayload: {
        action: 'changed',
        instance: testInstance({ status: 'failed' }),
      },
    });
    expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    for (const [mutation] of connection.applyMutation.mock.calls) {
      expect(mutation).toMatchObject({
        type: 'delta',
        added: [
          {
            locationKey: 'ocdp-instances',
            entity: {
              kind: 'Component',
              metadata: { name: 'llama.vision.demo' },
              spec: { type: 'model-instance' },
            },
          },
        ],
        removed: [],
      });
    }
  });

  it('removes the entity of a deleted instance at once', async () => {
    await events.publish({
      topic: OCDP_INSTANCE_EVENTS_TOPIC,
      eventPayload: { action: 'deleted', instance: testInstance() },
    });
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'delta',
      added: [],
      removed: [
        expect.objectContaining({
          locationKey: 'ocdp-instances',
          entity: expect.objectContaining({
            metadata: expect.objectContaining({ name: 'llama.vision.demo' }),
          }),
        }),
      ],
    });
  });

  it('ignores events that are not instance changes', async () => {
    await events.publish({
      topic: OCDP_INSTANCE_EVENTS_TOPIC,
      eventPayload: { action: 'exploded', instance: testInstance() },
    });
    await events.publish({
      topic: OCDP_INSTANCE_EVENTS_TOPIC,
      eventPayload: { action: 'created' },
    });
    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});
