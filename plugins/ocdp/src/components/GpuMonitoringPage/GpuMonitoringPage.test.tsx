import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { renderGpu } from '../../__testUtils__/renderGpu';
import {
  demoCluster,
  demoReport,
  demoUtilization,
  labCluster,
  memberReport,
} from '../../__testUtils__/gpuFixtures';
import { GpuMonitoringPage } from './GpuMonitoringPage';

function adminApi() {
  return mockOcdpApi({
    listClusters: jest.fn(async () => [demoCluster, labCluster]),
    getClusterGpu: jest.fn(async () => demoReport),
    getClusterGpuUtilization: jest.fn(async () => demoUtilization),
  });
}

describe('GpuMonitoringPage', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows a card per cluster and the GPU detail of the first cluster with GPUs', async () => {
    const api = adminApi();
    await renderGpu(<GpuMonitoringPage />, { ocdpApi: api });

    expect(await screen.findByText('Demo GPU cluster')).toBeInTheDocument();
    expect(screen.getByText('Demo GPU cluster').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/resource/demo',
    );
    expect(screen.getByText('Reachable')).toBeInTheDocument();
    expect(
      screen.getByText('API server unreachable (ECONNREFUSED)'),
    ).toBeInTheDocument();
    expect(screen.getByText('19 / 26 GPUs allocated')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'A100-SXM4-80GB allocation' }),
    ).toHaveAttribute('aria-valuenow', '83');
    expect(screen.getByText('Quotas').closest('a')).toHaveAttribute(
      'href',
      '/ocdp/quotas',
    );

    // the detail of demo: nodes, tenants, users, demand and idle GPUs
    expect(await screen.findByText('GPUs of cluster demo')).toBeInTheDocument();
    expect(api.getClusterGpu).toHaveBeenCalledWith('demo');
    const nodes = screen
      .getByRole('heading', { name: 'Nodes' })
      .closest('div[class*="MuiPaper"]') as HTMLElement;
    expect(within(nodes).getByText('gpu-a100-1')).toBeInTheDocument();
    expect(within(nodes).getByText('cordoned')).toBeInTheDocument();
    expect(within(nodes).getByText('72 %')).toBeInTheDocument();
    expect(screen.getAllByText('team-a').length).toBeGreaterThan(0);
    expect(screen.getByText('(no tenant)')).toBeInTheDocument();
    expect(
      screen.getByText(
        '0/8 nodes are available: 2 Insufficient nvidia.com/gpu.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('team-a/notebook-1')).toBeInTheDocument();
    expect(screen.getByText('under 5 % over the last 10m')).toBeInTheDocument();
    expect(screen.queryByText(/Allocation only/)).not.toBeInTheDocument();

    // the charts over the default range
    expect(await screen.findByText('Latest: 55 %')).toBeInTheDocument();
    expect(screen.getByText('Latest: 312.5 GiB')).toBeInTheDocument();
    expect(api.getClusterGpuUtilization).toHaveBeenCalledWith('demo', {
      range: '1h',
      groupBy: 'all',
    });
  });

  it('asks for another range when one is chosen', async () => {
    const api = adminApi();
    await renderGpu(<GpuMonitoringPage />, { ocdpApi: api });
    await screen.findByText('Latest: 55 %');
    await userEvent.click(screen.getByRole('button', { name: /Range/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'last 7d' }),
    );
    await userEvent.click(screen.getByRole('button', { name: /Lines/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Per node' }),
    );
    expect(api.getClusterGpuUtilization).toHaveBeenLastCalledWith('demo', {
      range: '7d',
      groupBy: 'node',
    });
    // the previous chart stays on screen while the new range loads
    expect(screen.getByText('Latest: 55 %')).toBeInTheDocument();
  });

  it('shows an ordinary member their own rows, allocation only without Prometheus', async () => {
    const api = mockOcdpApi({
      listClusters: async () => [
        {
          ...demoCluster,
          gpu: {
            ...demoCluster.gpu!,
            scope: 'tenants',
            yours: { allocated: 12, pendingPods: 1, pendingGpus: 2 },
          },
        },
      ],
      getClusterGpu: async () => memberReport,
      getClusterGpuUtilization: async () => ({
        ...demoUtilization,
        scope: 'tenants',
        utilization: memberReport.utilization,
        series: [],
      }),
    });
    await renderGpu(<GpuMonitoringPage />, { ocdpApi: api });
    expect(await screen.findByText('held by your tenants')).toBeInTheDocument();
    expect(
      await screen.findByText(/You see the GPUs of your own tenants/),
    ).toBeInTheDocument();
    expect(
      (
        await screen.findAllByText(
          'Allocation only — Prometheus not configured',
        )
      ).length,
    ).toBe(2);
    expect(screen.queryByText('gpu-a100-1')).not.toBeInTheDocument();
    expect(screen.queryByText('Utilization')).not.toBeInTheDocument();
    expect(screen.queryByText('Idle allocated GPUs')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Lines/ }));
    expect(
      screen.queryByRole('option', { name: 'Per node' }),
    ).not.toBeInTheDocument();
  });

  it('shows progress while the clusters load', async () => {
    const api = mockOcdpApi({ listClusters: () => new Promise(() => {}) });
    await renderGpu(<GpuMonitoringPage />, { ocdpApi: api });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the API error when the clusters cannot be listed', async () => {
    const api = mockOcdpApi({
      listClusters: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message: 'You may not list clusters',
              },
              response: { statusCode: 403 },
            }),
            { status: 403 },
          ),
        );
      },
    });
    await renderGpu(<GpuMonitoringPage />, { ocdpApi: api });
    expect(
      (await screen.findAllByText(/You may not list clusters/)).length,
    ).toBeGreaterThan(0);
  });

  it('says when there are no clusters', async () => {
    const api = mockOcdpApi({ listClusters: async () => [] });
    await renderGpu(<GpuMonitoringPage />, { ocdpApi: api });
    expect(
      await screen.findByText(/No clusters configured/),
    ).toBeInTheDocument();
  });

  it('warns that the numbers may be old when the cluster cache is stale', async () => {
    const stale = {
      synced: true,
      watching: false,
      stale: true,
      staleSeconds: 95,
      lastError: 'connect ECONNREFUSED',
    };
    const api = mockOcdpApi({
      listClusters: async () => [
        { ...demoCluster, gpu: { ...demoCluster.gpu!, health: stale } },
      ],
      getClusterGpu: async () => ({ ...demoReport, health: stale }),
      getClusterGpuUtilization: async () => demoUtilization,
    });
    await renderGpu(<GpuMonitoringPage />, { ocdpApi: api });
    const warnings = await screen.findAllByText(
      /No news from the cluster's API server for 95 s \(connect ECONNREFUSED\)\. Numbers may be old\./,
    );
    expect(warnings.length).toBe(2);
  });

  it('keeps the numbers on screen when a reload fails, and says so', async () => {
    jest.useFakeTimers();
    let calls = 0;
    const api = mockOcdpApi({
      listClusters: jest.fn(async () => {
        calls += 1;
        if (calls > 1) throw new Error('backend restarting');
        return [demoCluster];
      }),
      getClusterGpu: async () => demoReport,
      getClusterGpuUtilization: async () => demoUtilization,
    });
    await renderGpu(<GpuMonitoringPage />, { ocdpApi: api });
    expect(
      await screen.findByText('19 / 26 GPUs allocated'),
    ).toBeInTheDocument();
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    expect(
      await screen.findByText(/Refresh failed: backend restarting/),
    ).toBeInTheDocument();
    expect(screen.getByText('19 / 26 GPUs allocated')).toBeInTheDocument();
    expect(api.listClusters).toHaveBeenCalledTimes(2);
  });
});
