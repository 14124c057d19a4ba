import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { KubeSim, startKubeSim } from '@ocdp/kube-sim';
import request from 'supertest';
import { ocdpPlugin } from './plugin';

function kubernetesConfig(up: KubeSim) {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'up',
              title: 'Up cluster',
              url: up.url,
              caData: Buffer.from(up.caCert!).toString('base64'),
              serviceAccountToken: 'token-up',
            },
            {
              name: 'down',
              // nothing listens on port 1
              url: 'http://127.0.0.1:1',
              skipTLSVerify: true,
              serviceAccountToken: 'token-down',
            },
          ],
        },
      ],
    },
  };
}

describe('ocdp backend plugin', () => {
  let up: KubeSim;

  beforeAll(async () => {
    up = await startKubeSim({ port: 0, tls: true });
  });

  afterAll(() => up.close());

  async function start() {
    return startTestBackend({
      features: [
        ocdpPlugin,
        mockServices.rootConfig.factory({ data: kubernetesConfig(up) }),
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
        // an empty simulated cluster (over HTTPS, trusted through caData)
        cache: expect.objectContaining({ nodes: 0, pods: 0 }),
        gpu: expect.objectContaining({ gpuNodes: 0 }),
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
