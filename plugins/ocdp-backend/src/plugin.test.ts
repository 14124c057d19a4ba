import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { ocdpPlugin } from './plugin';

const kubernetesConfig = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'up',
            title: 'Up cluster',
            url: 'http://up.test',
            skipTLSVerify: true,
            serviceAccountToken: 'token-up',
          },
          {
            name: 'down',
            url: 'http://down.test',
            skipTLSVerify: true,
            serviceAccountToken: 'token-down',
          },
        ],
      },
    ],
  },
};

describe('ocdp backend plugin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  async function start() {
    server.use(
      http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
      http.get('http://up.test/version', () =>
        HttpResponse.json({ major: '1', minor: '31' }),
      ),
      http.get('http://down.test/version', () => HttpResponse.error()),
    );
    return startTestBackend({
      features: [
        ocdpPlugin,
        mockServices.rootConfig.factory({ data: kubernetesConfig }),
      ],
    });
  }

  it('lists configured clusters with reachability and no secrets', async () => {
    const { server: app } = await start();
    const res = await request(app).get('/api/ocdp/clusters');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        name: 'up',
        title: 'Up cluster',
        entityRef: 'resource:default/up',
        reachable: true,
        // the msw handlers here answer /version only, so the watch cache never loads
        cache: expect.objectContaining({ synced: false, nodes: 0, pods: 0 }),
        gpu: expect.objectContaining({
          gpuNodes: 0,
          health: expect.objectContaining({ synced: false, stale: true }),
        }),
      },
      {
        name: 'down',
        title: 'down',
        entityRef: 'resource:default/down',
        reachable: false,
        error: expect.any(String),
        cache: expect.objectContaining({ synced: false }),
        gpu: expect.objectContaining({
          health: expect.objectContaining({ stale: true }),
        }),
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/token-/);
  });

  it('requires credentials for clusters but not for health', async () => {
    const { server: app } = await start();
    const denied = await request(app)
      .get('/api/ocdp/clusters')
      .set('authorization', 'Bearer not-a-valid-token');
    expect(denied.status).toBe(401);
    const health = await request(app).get('/api/ocdp/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('answers oversized bodies with 413', async () => {
    const { server: app } = await start();
    const res = await request(app)
      .post('/api/ocdp/clusters')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ big: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
  });
});
