import { mockCredentials } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import yaml from 'js-yaml';
import request from 'supertest';
import {
  OcdpTestBackend,
  startOcdpBackend,
} from '../__testUtils__/startOcdpBackend';
import { ADMIN } from '../__testUtils__/testPermissions';

jest.setTimeout(90_000);

const admin = { Authorization: mockCredentials.user.header(ADMIN) };
const ben = { Authorization: mockCredentials.user.header('user:default/ben') };
const cleo = {
  Authorization: mockCredentials.user.header('user:default/cleo'),
};

describe('POST /tenants/:tenant/bindings/:cluster/kubeconfig', () => {
  let backend: OcdpTestBackend;

  beforeAll(async () => {
    backend = await startOcdpBackend({
      ocdpConfig: {
        tenants: {
          personalTenants: false,
          clusterTimeoutMs: 2000,
          kubeconfigTtlSeconds: 1200,
        },
      },
    });
    for (const [name, owner] of [
      ['vision', 'group:default/team-vision'],
      ['nlp', 'group:default/team-nlp'],
    ]) {
      const res = await request(backend.server)
        .post('/api/ocdp/tenants')
        .set(admin)
        .send({
          name,
          owner,
          bindings: [{ cluster: 'demo', namespace: name, quota: {} }],
        });
      if (res.status !== 201) {
        throw new Error(`tenant not created: ${JSON.stringify(res.body)}`);
      }
    }
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const download = (tenant: string, cluster: string, as = ben) =>
    request(backend.server)
      .post(`/api/ocdp/tenants/${tenant}/bindings/${cluster}/kubeconfig`)
      .set(as)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', chunk => {
          text += chunk;
        });
        res.on('end', () => done(null, text));
      });

  it("gives a member a kubeconfig whose token works in the tenant's namespace only", async () => {
    const res = await download('vision', 'demo');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/yaml');
    expect(res.headers['cache-control']).toBe('no-store');
    const expiresAt = Date.parse(res.headers['x-token-expires-at']);
    expect(expiresAt - Date.now()).toBeGreaterThan(1100_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(1200_000);

    const doc = yaml.load(res.body as string) as any;
    expect(doc.contexts[0].context).toMatchObject({ namespace: 'vision' });
    expect(doc.users[0].user.token).not.toBe('simulated-token');

    const kc = new KubeConfig();
    kc.loadFromString(res.body as string);
    const core = kc.makeApiClient(CoreV1Api);
    await expect(
      core.listNamespacedPod({ namespace: 'vision' }),
    ).resolves.toMatchObject({ items: [] });
    await expect(
      core.listNamespacedPod({ namespace: 'nlp' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 403 });
  });

  it('refuses non-members and unknown bindings, and audits the downloads without the token', async () => {
    expect((await download('vision', 'demo', cleo)).status).toBe(403);
    expect((await download('vision', 'lab')).status).toBe(404);
    const events = backend.auditEvents.filter(
      e => e.eventId === 'tenant-kubeconfig',
    );
    expect(events.map(e => e.outcome)).toEqual(['success', 'fail']);
    expect(JSON.stringify(events)).not.toMatch(/token/i);
  });
});
