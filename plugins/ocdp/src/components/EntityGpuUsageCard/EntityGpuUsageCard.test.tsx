import { screen } from '@testing-library/react';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { entityOf, renderGpu } from '../../__testUtils__/renderGpu';
import {
  modelInstanceGpu,
  withoutPrometheus,
} from '../../__testUtils__/gpuFixtures';
import { EntityGpuUsageCard } from './EntityGpuUsageCard';

const instance = entityOf(
  'Component',
  'llama-3-8b',
  { type: 'model-instance' },
  { 'backstage.io/kubernetes-id': 'llama-3-8b' },
);

describe('EntityGpuUsageCard', () => {
  it('shows each pod with its GPU, utilization and why a pending one waits', async () => {
    const api = mockOcdpApi({
      getEntityGpu: jest.fn(async () => modelInstanceGpu),
    });
    await renderGpu(<EntityGpuUsageCard />, { ocdpApi: api, entity: instance });
    expect(
      await screen.findByText('Cluster demo: 1 GPU held, 1 GPU pending'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'GPU pods on demo' });
    expect(table).toHaveTextContent('team-a/llama-3-8b-0');
    expect(table).toHaveTextContent('A100-SXM4-80GB');
    expect(table).toHaveTextContent('63 %');
    expect(table).toHaveTextContent('40 GiB');
    expect(table).toHaveTextContent(
      'Pending: 0/8 nodes are available: 8 Insufficient nvidia.com/gpu.',
    );
    expect(api.getEntityGpu).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'llama-3-8b',
    });
  });

  it('shows allocation only, without utilization columns, when Prometheus is not configured', async () => {
    const api = mockOcdpApi({
      getEntityGpu: async () => ({
        ...modelInstanceGpu,
        utilization: withoutPrometheus,
      }),
    });
    await renderGpu(<EntityGpuUsageCard />, { ocdpApi: api, entity: instance });
    expect(
      await screen.findByText('Allocation only — Prometheus not configured'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Utilization')).not.toBeInTheDocument();
  });

  it('says when no pod of the entity uses GPUs', async () => {
    const api = mockOcdpApi({
      getEntityGpu: async () => ({ ...modelInstanceGpu, clusters: [] }),
    });
    await renderGpu(<EntityGpuUsageCard />, { ocdpApi: api, entity: instance });
    expect(
      await screen.findByText(
        'No pods with backstage.io/kubernetes-id=llama-3-8b hold or ask for GPUs.',
      ),
    ).toBeInTheDocument();
  });

  it('says when the entity names no workload, without blaming Prometheus', async () => {
    const api = mockOcdpApi({
      getEntityGpu: async () => ({
        entityRef: 'component:default/docs',
        clusters: [],
        utilization: {
          available: false,
          reason:
            'the entity names no Kubernetes workload (backstage.io/kubernetes-id)',
        },
      }),
    });
    await renderGpu(<EntityGpuUsageCard />, {
      ocdpApi: api,
      entity: entityOf('Component', 'docs'),
    });
    expect(
      await screen.findByText(
        'This entity names no Kubernetes workload (backstage.io/kubernetes-id).',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Allocation only/)).not.toBeInTheDocument();
  });

  it('shows the error when the backend fails', async () => {
    const api = mockOcdpApi({
      getEntityGpu: async () => {
        throw new Error('Entity not found');
      },
    });
    await renderGpu(<EntityGpuUsageCard />, { ocdpApi: api, entity: instance });
    expect(
      (await screen.findAllByText(/Entity not found/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows progress while loading, and warns of a stale cluster', async () => {
    const api = mockOcdpApi({ getEntityGpu: () => new Promise(() => {}) });
    await renderGpu(<EntityGpuUsageCard />, { ocdpApi: api, entity: instance });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();

    const staleApi = mockOcdpApi({
      getEntityGpu: async () => ({
        ...modelInstanceGpu,
        clusters: [
          {
            ...modelInstanceGpu.clusters[0],
            health: {
              synced: true,
              watching: false,
              stale: true,
              staleSeconds: 120,
            },
          },
        ],
      }),
    });
    await renderGpu(<EntityGpuUsageCard />, {
      ocdpApi: staleApi,
      entity: instance,
    });
    expect(
      await screen.findByText(
        /No news from the cluster's API server for 120 s/,
      ),
    ).toBeInTheDocument();
  });
});
