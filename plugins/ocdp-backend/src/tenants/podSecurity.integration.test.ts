import { mockCredentials } from '@backstage/backend-test-utils';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import request from 'supertest';
import {
  OcdpTestBackend,
  startOcdpBackend,
} from '../__testUtils__/startOcdpBackend';
import { ADMIN } from '../__testUtils__/testPermissions';

jest.setTimeout(90_000);

const admin = { Authorization: mockCredentials.user.header(ADMIN) };

describe('Pod Security Admission labels on tenant namespaces', () => {
  let backend: OcdpTestBackend;
  let core: CoreV1Api;

  beforeAll(async () => {
    backend = await startOcdpBackend({
      ocdpConfig: {
        tenants: { personalTenants: false, clusterTimeoutMs: 2000 },
      },
    });
    const kc = new KubeConfig();
    kc.loadFromString(backend.sims.demo.kubeConfig());
    core = kc.makeApiClient(CoreV1Api);
    const res = await request(backend.server)
      .post('/api/ocdp/tenants')
      .set(admin)
      .send({
        name: 'vision',
        owner: 'group:default/team-vision',
        bindings: [{ cluster: 'demo', namespace: 'vision', quota: {} }],
      });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const labels = async () =>
    (await core.readNamespace({ name: 'vision' })).metadata?.labels ?? {};

  it('enforces baseline and warns at restricted by default, so privileged pods are refused', async () => {
    expect(await labels()).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    await expect(
      core.createNamespacedPod({
        namespace: 'vision',
        body: {
          metadata: { name: 'root' },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'busybox',
                securityContext: { privileged: true },
              },
            ],
          },
        },
      }),
    ).rejects.toMatchObject({
      code: 403,
      body: expect.stringMatching(
        /violates PodSecurity .*baseline:latest.*privileged/,
      ),
    });
  });

  it('puts the labels back when someone removes them', async () => {
    await core.patchNamespace(
      {
        name: 'vision',
        body: [
          {
            op: 'remove',
            path: '/metadata/labels/pod-security.kubernetes.io~1enforce',
          },
        ],
      },
      { headers: { 'Content-Type': 'application/json-patch+json' } } as any,
    );
    expect(
      (await labels())['pod-security.kubernetes.io/enforce'],
    ).toBeUndefined();
    await backend.reconcile();
    expect((await labels())['pod-security.kubernetes.io/enforce']).toBe(
      'baseline',
    );
  });
});
