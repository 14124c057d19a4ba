import { screen } from '@testing-library/react';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { entityOf, renderGpu } from '../../__testUtils__/renderGpu';
import {
  demoCluster,
  demoReport,
  memberReport,
} from '../../__testUtils__/gpuFixtures';
import { ClusterGpuCard } from './ClusterGpuCard';

const cluster = (name: string) =>
  entityOf('Resource', name, { type: 'kubernetes-cluster' });

describe('ClusterGpuCard', () => {
  it("shows the cluster's GPUs by model, its tenants, and links to the GPU page", async () => {
    const api = mockOcdpApi({
      listClusters: async () => [demoCluster],
      getClusterGpu: jest.fn(async () => demoReport),
    });
    await renderGpu(<ClusterGpuCard />, {
      ocdpApi: api,
      entity: cluster('demo'),
    });
    expect(
      await screen.findByText('19 / 26 GPUs allocated'),
    ).toBeInTheDocument();
    expect(screen.getByText('15 / 18 GPUs allocated')).toBeInTheDocument();
    expect(screen.getByText('L4')).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'GPUs by tenant' }),
    ).toHaveTextContent('team-a1223');
    expect(screen.getByText('idle allocated GPUs')).toBeInTheDocument();
    expect(screen.getByText('GPU Platform page').closest('a')).toHaveAttribute(
      'href',
      '/ocdp?cluster=demo',
    );
    expect(api.getClusterGpu).toHaveBeenCalledWith('demo');
  });

  it('says the numbers are allocation only without Prometheus', async () => {
    const api = mockOcdpApi({
      listClusters: async () => [demoCluster],
      getClusterGpu: async () => memberReport,
    });
    await renderGpu(<ClusterGpuCard />, {
      ocdpApi: api,
      entity: cluster('demo'),
    });
    expect(
      await screen.findByText('Allocation only — Prometheus not configured'),
    ).toBeInTheDocument();
    expect(screen.getByText('held by your tenants')).toBeInTheDocument();
  });

  it('says so when the entity is not an OCDP cluster', async () => {
    const api = mockOcdpApi({
      listClusters: async () => [demoCluster],
      getClusterGpu: jest.fn(async () => demoReport),
    });
    await renderGpu(<ClusterGpuCard />, {
      ocdpApi: api,
      entity: cluster('other'),
    });
    expect(
      await screen.findByText(
        'This entity is not one of the clusters OCDP manages.',
      ),
    ).toBeInTheDocument();
    expect(api.getClusterGpu).not.toHaveBeenCalled();
  });

  it("shows the backend's error when the report fails", async () => {
    const api = mockOcdpApi({
      listClusters: async () => [demoCluster],
      getClusterGpu: async () => {
        throw new Error('cluster cache not synced yet');
      },
    });
    await renderGpu(<ClusterGpuCard />, {
      ocdpApi: api,
      entity: cluster('demo'),
    });
    expect(
      (await screen.findAllByText(/cluster cache not synced yet/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows progress while loading', async () => {
    const api = mockOcdpApi({ listClusters: () => new Promise(() => {}) });
    await renderGpu(<ClusterGpuCard />, {
      ocdpApi: api,
      entity: cluster('demo'),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('warns when the cluster cache is stale', async () => {
    const api = mockOcdpApi({
      listClusters: async () => [demoCluster],
      getClusterGpu: async () => ({
        ...demoReport,
        health: { synced: false, watching: false, stale: true },
      }),
    });
    await renderGpu(<ClusterGpuCard />, {
      ocdpApi: api,
      entity: cluster('demo'),
    });
    expect(
      await screen.findByText(/The cluster cache is still loading/),
    ).toBeInTheDocument();
  });
});
