import { screen } from '@testing-library/react';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { entityOf, renderGpu } from '../../__testUtils__/renderGpu';
import {
  demoCluster,
  demoReport,
  labCluster,
  memberReport,
} from '../../__testUtils__/gpuFixtures';
import { GpuOwnerCard } from './GpuOwnerCard';

function api(report = demoReport) {
  return mockOcdpApi({
    listClusters: async () => [demoCluster, labCluster],
    getClusterGpu: jest.fn(async () => report),
  });
}

describe('GpuOwnerCard', () => {
  it("shows a user's GPUs per cluster, asking only reachable clusters", async () => {
    const ocdpApi = api();
    await renderGpu(<GpuOwnerCard />, {
      ocdpApi,
      entity: entityOf('User', 'ben'),
    });
    const table = await screen.findByRole('table', { name: 'GPUs on demo' });
    expect(table).toHaveTextContent('pods this user owns4');
    expect(table).toHaveTextContent('88 %');
    expect(screen.getByText('Demo GPU cluster')).toBeInTheDocument();
    expect(ocdpApi.getClusterGpu).toHaveBeenCalledTimes(1);
  });

  it("shows a user's groups' tenants too", async () => {
    await renderGpu(<GpuOwnerCard />, {
      ocdpApi: api(),
      entity: {
        ...entityOf('User', 'ben'),
        relations: [
          { type: 'memberOf', targetRef: 'group:default/team-vision' },
        ],
      },
    });
    const table = await screen.findByRole('table', { name: 'GPUs on demo' });
    expect(table).toHaveTextContent('pods this user owns4');
    expect(table).toHaveTextContent('tenant team-a12');
  });

  it("shows a group's tenants, without repeating their pods as the group's own", async () => {
    const groupRow = {
      ...demoReport.users[0],
      owner: 'group:default/team-vision',
      tenants: ['team-a'],
      gpus: 12,
    };
    await renderGpu(<GpuOwnerCard />, {
      ocdpApi: api({ ...demoReport, users: [groupRow] }),
      entity: entityOf('Group', 'team-vision'),
    });
    const table = await screen.findByRole('table', { name: 'GPUs on demo' });
    expect(table).toHaveTextContent('tenant team-a1232348 %');
    expect(table).not.toHaveTextContent('pods of this group');
  });

  it("shows a group's own pods when it owns no tenant with GPUs", async () => {
    const groupRow = {
      ...demoReport.users[0],
      owner: 'group:default/team-nlp',
      tenants: ['team-b'],
    };
    await renderGpu(<GpuOwnerCard />, {
      ocdpApi: api({ ...demoReport, users: [groupRow] }),
      entity: entityOf('Group', 'team-nlp'),
    });
    const table = await screen.findByRole('table', { name: 'GPUs on demo' });
    expect(table).toHaveTextContent('pods of this group4');
  });

  it('says the numbers are allocation only without Prometheus', async () => {
    await renderGpu(<GpuOwnerCard />, {
      ocdpApi: api(memberReport),
      entity: entityOf('User', 'ben'),
    });
    expect(
      await screen.findByText('Allocation only — Prometheus not configured'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Utilization')).not.toBeInTheDocument();
  });

  it('says when the entity holds no GPUs one may see', async () => {
    await renderGpu(<GpuOwnerCard />, {
      ocdpApi: api(),
      entity: entityOf('User', 'cleo'),
    });
    expect(
      await screen.findByText('No GPUs held or asked for that you may see.'),
    ).toBeInTheDocument();
  });

  it('shows the error when the clusters cannot be read', async () => {
    await renderGpu(<GpuOwnerCard />, {
      ocdpApi: mockOcdpApi({
        listClusters: async () => {
          throw new Error('backend down');
        },
      }),
      entity: entityOf('User', 'ben'),
    });
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
  });
});
