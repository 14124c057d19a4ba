import crypto from 'crypto';
import fs from 'fs';
import https from 'https';
import os from 'os';
import path from 'path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startKubeSim, KubeSim } from './sim';

function get(
  url: string,
  ca?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, res => {
        let body = '';
        res.on('data', d => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

describe('HTTPS with a generated CA', () => {
  let sim: KubeSim;
  beforeAll(async () => {
    sim = await startKubeSim({ port: 0, tls: true });
  });
  afterAll(() => sim.close());

  it('emits a kubeconfig with the CA and verifies with client-node', async () => {
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cluster = (sim.kubeConfigObject() as any).clusters[0].cluster;
    expect(cluster['insecure-skip-tls-verify']).toBeUndefined();
    expect(
      Buffer.from(cluster['certificate-authority-data'], 'base64').toString(),
    ).toBe(sim.caCert);
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeConfig());
    const ns = await kc.makeApiClient(CoreV1Api).listNamespace();
    expect(ns.items.map(n => n.metadata!.name)).toContain('default');
  });

  it('serves a certificate for the API server names, signed by the CA', async () => {
    const ok = await get(`${sim.url}/version`, sim.caCert);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).gitVersion).toContain('kube-sim');
    // not trusted without the CA
    await expect(get(`${sim.url}/version`)).rejects.toThrow(
      /self[- ]signed|unable to verify|certificate/i,
    );
    const ca = new crypto.X509Certificate(sim.caCert!);
    expect(ca.ca).toBe(true);
    const served = await new Promise<crypto.X509Certificate>(
      (resolve, reject) => {
        const req = https.get(`${sim.url}/healthz`, { ca: sim.caCert }, res => {
          const peer = (res.socket as any).getPeerX509Certificate();
          res.resume();
          resolve(peer);
        });
        req.on('error', reject);
      },
    );
    expect(served.ca).toBe(false);
    expect(served.verify(ca.publicKey)).toBe(true);
    expect(served.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(served.subjectAltName).toContain(
      'DNS:kubernetes.default.svc.cluster.local',
    );
  });
});

describe('a tenant kubeconfig over HTTPS (TokenRequest + RBAC)', () => {
  it('limits a ServiceAccount token to its namespace', async () => {
    const sim = await startKubeSim({
      port: 0,
      tls: true,
      scenario: {
        objects: ['tenant', 'other'].map(name => ({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name },
        })),
      },
    });
    try {
      const admin = new KubeConfig();
      admin.loadFromString(sim.kubeConfig());
      const core = admin.makeApiClient(CoreV1Api);
      await core.createNamespacedServiceAccount({
        namespace: 'tenant',
        body: { metadata: { name: 'member' } },
      });
      await sim.api.create(
        sim.store.typeOf('rolebindings', 'rbac.authorization.k8s.io'),
        'tenant',
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: 'member-edit' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'edit',
          },
          subjects: [{ kind: 'ServiceAccount', name: 'member' }],
        },
      );
      const tr = await core.createNamespacedServiceAccountToken({
        name: 'member',
        namespace: 'tenant',
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      });
      // what a tenant downloads: the cluster's CA, the token, the namespace
      const tenant = new KubeConfig();
      tenant.loadFromOptions({
        clusters: [
          {
            name: 'sim',
            server: sim.url,
            caData: Buffer.from(sim.caCert!).toString('base64'),
          },
        ],
        users: [{ name: 'member', token: tr.status!.token }],
        contexts: [
          {
            name: 'tenant',
            cluster: 'sim',
            user: 'member',
            namespace: 'tenant',
          },
        ],
        currentContext: 'tenant',
      });
      const api = tenant.makeApiClient(CoreV1Api);
      await api.createNamespacedConfigMap({
        namespace: 'tenant',
        body: { metadata: { name: 'mine' } },
      });
      await expect(
        api.listNamespacedConfigMap({ namespace: 'other' }),
      ).rejects.toMatchObject({ code: 403 });
    } finally {
      await sim.close();
    }
  });
});

describe('HTTPS with a CA kept in a directory', () => {
  it('reuses the CA across restarts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-sim-tls-'));
    try {
      const a = await startKubeSim({ port: 0, tlsDir: dir });
      const first = a.caCert;
      await a.close();
      expect(fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8')).toBe(first);
      const b = await startKubeSim({ port: 0, tlsDir: dir });
      try {
        expect(b.caCert).toBe(first);
        expect((await get(`${b.url}/healthz`, first)).body).toBe('ok');
      } finally {
        await b.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays plain HTTP unless asked', async () => {
    const sim = await startKubeSim({ port: 0 });
    try {
      expect(sim.url).toMatch(/^http:\/\//);
      expect(sim.caCert).toBeUndefined();
      expect((await fetch(`${sim.url}/healthz`)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
