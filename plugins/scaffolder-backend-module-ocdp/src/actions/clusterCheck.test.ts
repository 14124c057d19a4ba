import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { createClusterCheckAction } from './clusterCheck';

function clustersWith(reachable: Record<string, boolean>): OcdpClustersService {
  const configs = Object.keys(reachable).map(name => ({
    name,
    title: `${name} title`,
    url: `http://${name}.test`,
    skipTLSVerify: true,
    entityRef: `resource:default/${name}`,
  }));
  return {
    list: () => configs,
    get: (name: string) => configs.find(c => c.name === name)!,
    kubeConfig: () => {
      throw new Error('not used');
    },
    api: () => {
      throw new Error('not used');
    },
    probe: async (name: string) =>
      reachable[name]
        ? { reachable: true }
        : { reachable: false, error: 'API server unreachable (ECONNREFUSED)' },
  };
}

describe('ocdp:cluster:check', () => {
  it('outputs the cluster when it is reachable', async () => {
    const action = createClusterCheckAction({
      clusters: clustersWith({ demo: true }),
    });
    const ctx = createMockActionContext({ input: { cluster: 'demo' } });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('cluster', 'demo');
    expect(ctx.output).toHaveBeenCalledWith('title', 'demo title');
    expect(ctx.output).toHaveBeenCalledWith('reachable', true);
  });

  it('names the field and the known clusters for an unknown cluster', async () => {
    const action = createClusterCheckAction({
      clusters: clustersWith({ demo: true, lab: true }),
    });
    await expect(
      action.handler(createMockActionContext({ input: { cluster: 'prod' } })),
    ).rejects.toThrow(
      'cluster: "prod" is not configured; known clusters: demo, lab',
    );
  });

  it('fails with the probe error when the cluster is down', async () => {
    const action = createClusterCheckAction({
      clusters: clustersWith({ demo: false }),
    });
    await expect(
      action.handler(createMockActionContext({ input: { cluster: 'demo' } })),
    ).rejects.toThrow(
      'cluster "demo" is not reachable: API server unreachable (ECONNREFUSED)',
    );
  });

  it('supports dry runs', () => {
    const action = createClusterCheckAction({ clusters: clustersWith({}) });
    expect(action.supportsDryRun).toBe(true);
  });
});
