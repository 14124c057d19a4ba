import diagnostics from 'node:diagnostics_channel';
import net from 'node:net';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { CoreV1Api, KubernetesObjectApi } from '@kubernetes/client-node';
import { KubeSim, startKubeSim } from '@ocdp/kube-sim';
import { OcdpClusterConfig } from './clusterConfig';
import {
  DefaultOcdpClustersService,
  OcdpClustersService,
  ocdpClustersServiceRef,
} from './clustersService';

const TOKEN = 'the-token';

function cluster(
  name: string,
  url: string,
  tls: Partial<OcdpClusterConfig> = { skipTLSVerify: true },
): OcdpClusterConfig {
  return {
    name,
    title: name,
    url,
    skipTLSVerify: false,
    serviceAccountToken: TOKEN,
    entityRef: `resource:default/${name}`,
    ...tls,
  };
}

const caData = (sim: KubeSim) => Buffer.from(sim.caCert!).toString('base64');

/** TCP connections the simulators in this process accept, per listening port. */
const accepted = new Map<number, number>();
function onServerSocket(message: unknown) {
  const port = (message as { socket: net.Socket }).socket.localPort!;
  accepted.set(port, (accepted.get(port) ?? 0) + 1);
}

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('DefaultOcdpClustersService', () => {
  let https: KubeSim;
  let http: KubeSim;
  const services: DefaultOcdpClustersService[] = [];
  const service = (...clusters: OcdpClusterConfig[]) => {
    const s = new DefaultOcdpClustersService(clusters);
    services.push(s);
    return s;
  };

  beforeAll(async () => {
    diagnostics.subscribe('net.server.socket', onServerSocket);
    const auth = {
      strictAuth: true,
      tokens: [{ token: TOKEN, user: 'ocdp', groups: ['system:masters'] }],
    };
    https = await startKubeSim({ port: 0, tls: true, ...auth });
    http = await startKubeSim({ port: 0, ...auth });
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map(s => s.close()));
  });

  afterAll(async () => {
    diagnostics.unsubscribe('net.server.socket', onServerSocket);
    await Promise.all([https.close(), http.close()]);
  });

  it('reads over HTTPS trusting the configured caData, with the service account token', async () => {
    const clusters = service(
      cluster('demo', https.url, { caData: caData(https) }),
    );
    await expect(clusters.probe('demo')).resolves.toEqual({ reachable: true });
    // strictAuth: only the configured token may list namespaces
    const namespaces = await clusters.api('demo', CoreV1Api).listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toContain('default');
  });

  it('refuses an HTTPS server its CA does not vouch for, unless skipTLSVerify', async () => {
    const clusters = service(
      cluster('untrusted', https.url, {}),
      cluster('skip', https.url, { skipTLSVerify: true }),
    );
    const refused = await clusters.probe('untrusted');
    expect(refused.reachable).toBe(false);
    expect(refused.error).toBeTruthy();
    expect(refused.error).not.toContain(TOKEN);
    await expect(clusters.probe('skip')).resolves.toEqual({ reachable: true });
  });

  it.each([
    ['HTTPS', () => cluster('demo', https.url, { caData: caData(https) })],
    ['HTTP', () => cluster('demo', http.url)],
  ])(
    'reuses its connections to the API server (%s)',
    async (_scheme, config) => {
      const clusters = service(config());
      const { port } = new URL(clusters.get('demo').url);
      const before = accepted.get(Number(port)) ?? 0;
      const opened = () => (accepted.get(Number(port)) ?? 0) - before;
      const core = clusters.api('demo', CoreV1Api);
      for (let i = 0; i < 20; i++) {
        await core.listNamespace();
        await clusters.probe('demo');
      }
      // 40 requests one after another: undici may open a second connection while the first one
      // finishes its response, then the two serve everything
      expect(opened()).toBeGreaterThanOrEqual(1);
      expect(opened()).toBeLessThanOrEqual(2);
      await Promise.all(
        Array.from({ length: 4 }, () =>
          core.readNamespace({ name: 'default' }),
        ),
      );
      expect(opened()).toBeLessThanOrEqual(6);
    },
  );

  it('makes one KubeConfig and one API client of each class per cluster', () => {
    const clusters = service(
      cluster('a', http.url),
      cluster('b', https.url, { caData: caData(https) }),
    );
    expect(clusters.kubeConfig('a')).toBe(clusters.kubeConfig('a'));
    expect(clusters.kubeConfig('a')).not.toBe(clusters.kubeConfig('b'));
    expect(clusters.api('a', CoreV1Api)).toBe(clusters.api('a', CoreV1Api));
    expect(clusters.api('a', CoreV1Api)).not.toBe(clusters.api('b', CoreV1Api));
    expect(clusters.api('a', KubernetesObjectApi)).toBeInstanceOf(
      KubernetesObjectApi,
    );
    expect(clusters.kubeConfig('b').getCurrentCluster()?.server).toBe(
      https.url,
    );
  });

  it('reports an unreachable cluster without leaking the token', async () => {
    const clusters = service(
      cluster('down', `http://127.0.0.1:${await closedPort()}`),
    );
    const probe = await clusters.probe('down');
    expect(probe.reachable).toBe(false);
    expect(probe.error).toBe('API server unreachable (ECONNREFUSED)');
  });

  it('gives up on a server that does not answer in time', async () => {
    await http.setFaults({ latencyMs: 2000 });
    try {
      const clusters = service(cluster('slow', http.url));
      await expect(clusters.probe('slow', { timeoutMs: 100 })).resolves.toEqual(
        {
          reachable: false,
          error: 'API server did not answer in time',
        },
      );
    } finally {
      await http.setFaults({});
    }
  });

  it('answers 404 for an unknown cluster', () => {
    const clusters = service(cluster('demo', http.url));
    expect(() => clusters.get('nope')).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
  });
});

describe('ocdpClustersServiceRef', () => {
  it('is one instance per backend, shared by every plugin, reading caData from the kubernetes config', async () => {
    const sim = await startKubeSim({ port: 0, tls: true });
    const seen: OcdpClustersService[] = [];
    const pluginUsing = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: { clusters: ocdpClustersServiceRef },
            async init({ clusters }) {
              seen.push(clusters);
            },
          });
        },
      });
    const backend = await startTestBackend({
      features: [
        pluginUsing('first'),
        pluginUsing('second'),
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
                      caData: caData(sim),
                      serviceAccountToken: TOKEN,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
    try {
      expect(seen).toHaveLength(2);
      expect(seen[0]).toBe(seen[1]);
      expect(seen[0].list().map(c => c.name)).toEqual(['demo']);
      await expect(seen[0].probe('demo')).resolves.toEqual({
        reachable: true,
      });
      const namespaces = await seen[1].api('demo', CoreV1Api).listNamespace();
      expect(namespaces.items.length).toBeGreaterThan(0);
    } finally {
      await backend.stop();
      await sim.close();
    }
  });
});
