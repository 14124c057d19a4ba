import { ConfigReader } from '@backstage/config';
import { readOcdpClusters } from './clusterConfig';

const kubernetes = (clusters: object[], extra: object[] = []) => ({
  kubernetes: {
    clusterLocatorMethods: [{ type: 'config', clusters }, ...extra],
  },
});

describe('readOcdpClusters', () => {
  it('reads the clusters the Kubernetes plugin uses, with defaults', () => {
    const clusters = readOcdpClusters(
      new ConfigReader(
        kubernetes(
          [
            {
              name: 'demo',
              title: 'Demo',
              url: 'http://127.0.0.1:6443',
              serviceAccountToken: 'secret-token',
              skipTLSVerify: true,
            },
            { name: 'lab', url: 'https://lab.example.com', caData: 'Q0E=' },
          ],
          [{ type: 'catalog' }],
        ),
      ),
    );
    expect(clusters).toEqual([
      {
        name: 'demo',
        title: 'Demo',
        url: 'http://127.0.0.1:6443',
        serviceAccountToken: 'secret-token',
        skipTLSVerify: true,
        caData: undefined,
        entityRef: 'resource:default/demo',
      },
      {
        name: 'lab',
        title: 'lab',
        url: 'https://lab.example.com',
        caData: 'Q0E=',
        skipTLSVerify: false,
        serviceAccountToken: undefined,
        entityRef: 'resource:default/lab',
      },
    ]);
  });

  it('takes entity refs from ocdp.clusterEntityRefs', () => {
    const [cluster] = readOcdpClusters(
      new ConfigReader({
        ...kubernetes([{ name: 'demo', url: 'http://x' }]),
        ocdp: { clusterEntityRefs: { demo: 'resource:infra/gpu-demo' } },
      }),
    );
    expect(cluster.entityRef).toBe('resource:infra/gpu-demo');
  });

  it('returns no clusters without kubernetes config', () => {
    expect(readOcdpClusters(new ConfigReader({}))).toEqual([]);
  });

  it('rejects names that cannot be used in API paths and duplicates', () => {
    expect(() =>
      readOcdpClusters(
        new ConfigReader(kubernetes([{ name: 'Demo_1', url: 'http://x' }])),
      ),
    ).toThrow(/"Demo_1" must be a DNS-1123 label/);
    expect(() =>
      readOcdpClusters(
        new ConfigReader(
          kubernetes([
            { name: 'a', url: 'http://x' },
            { name: 'a', url: 'http://y' },
          ]),
        ),
      ),
    ).toThrow(/configured twice/);
  });
});
