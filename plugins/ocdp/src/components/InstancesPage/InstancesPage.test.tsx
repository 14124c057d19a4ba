import { OcdpInstance, OcdpInstanceListQuery } from '@ocdp/plugin-ocdp-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { llamaInstance } from '../../__testUtils__/instanceFixtures';
import { personalTenant, teamTenant } from '../../__testUtils__/fixtures';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { InstancesPage } from './InstancesPage';

const instances: OcdpInstance[] = [
  llamaInstance,
  {
    ...llamaInstance,
    id: 'i-2',
    name: 'mistral',
    tenant: 'vision',
    cluster: 'lab',
    status: 'failed',
    kubernetesId: 'mistral-vision-lab',
    values: {
      replicaCount: 2,
      model: { id: 'mistralai/Mistral-7B-Instruct-v0.3' },
      gpu: { resource: 'nvidia.com/mig-1g.10gb', count: 1 },
    },
  },
  {
    ...llamaInstance,
    id: 'i-3',
    name: 'qwen',
    tenant: 'u-ben',
    cluster: 'demo',
    status: 'deploying',
    kubernetesId: 'qwen-u-ben-demo',
    values: {
      replicaCount: 1,
      gpu: { resource: 'nvidia.com/gpu', count: 2, product: '' },
    },
  },
];

/** Filters as the backend does. */
const listInstances = jest.fn(async (query: OcdpInstanceListQuery = {}) =>
  instances.filter(
    i =>
      (!query.tenant || i.tenant === query.tenant) &&
      (!query.cluster || i.cluster === query.cluster) &&
      (!query.status || i.status === query.status),
  ),
);

async function renderPage() {
  await renderWithOcdp(<InstancesPage />, {
    ocdpApi: mockOcdpApi({
      listInstances,
      listTenants: jest.fn(async () => [teamTenant, personalTenant]),
    }),
    permissionApi: denyAllPermissions(),
  });
}

async function choose(filter: string, option: string) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(`^${filter} `) }),
  );
  await userEvent.click(
    within(screen.getByRole('listbox')).getByRole('option', { name: option }),
  );
}

function shownNames(): string[] {
  return ['llama', 'mistral', 'qwen'].filter(
    name => screen.queryByRole('link', { name }) !== null,
  );
}

describe('InstancesPage', () => {
  beforeEach(() => listInstances.mockClear());

  it('lists the instances with links to their entities', async () => {
    await renderPage();
    expect(await screen.findByRole('link', { name: 'llama' })).toHaveAttribute(
      'href',
      '/catalog/default/component/llama-team-vision-demo',
    );
    expect(shownNames()).toEqual(['llama', 'mistral', 'qwen']);
    expect(screen.getByText('1 × nvidia.com/mig-1g.10gb')).toBeInTheDocument();
    // qwen asks for a GPU of any model (an empty product)
    expect(screen.getByText('2 GPUs (any model)')).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(listInstances).toHaveBeenCalledWith({});
  });

  it('filters by tenant, cluster and status through the API', async () => {
    await renderPage();
    await screen.findByRole('link', { name: 'llama' });

    await choose('Tenant', 'vision');
    await waitFor(() => expect(shownNames()).toEqual(['mistral']));
    expect(listInstances).toHaveBeenLastCalledWith({ tenant: 'vision' });

    await choose('Tenant', 'All tenants');
    await choose('Cluster', 'demo');
    await waitFor(() => expect(shownNames()).toEqual(['llama', 'qwen']));

    await choose('Status', 'deploying');
    await waitFor(() => expect(shownNames()).toEqual(['qwen']));
    expect(listInstances).toHaveBeenLastCalledWith({
      cluster: 'demo',
      status: 'deploying',
    });
  });

  it('offers the tenants and clusters the user may see', async () => {
    await renderPage();
    await screen.findByRole('link', { name: 'llama' });
    await userEvent.click(screen.getByRole('button', { name: /^Tenant / }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All tenants', 'u-ben', 'vision']);
    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByRole('button', { name: /^Cluster / }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All clusters', 'demo', 'lab']);
  });

  it('shows the API error', async () => {
    await renderWithOcdp(<InstancesPage />, {
      ocdpApi: mockOcdpApi({
        listInstances: jest.fn(async () => {
          throw new Error('backend unavailable');
        }),
        listTenants: jest.fn(async () => []),
      }),
      permissionApi: denyAllPermissions(),
    });
    expect(
      (await screen.findAllByText(/backend unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
