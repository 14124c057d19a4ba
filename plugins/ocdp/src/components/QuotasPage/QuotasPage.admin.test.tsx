import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockBreakpoint } from '@backstage/test-utils';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { allowAllPermissions } from '../../__testUtils__/permissions';
import {
  personalTenant,
  teamTenant,
  teamUsage,
} from '../../__testUtils__/fixtures';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { QuotasPage } from './QuotasPage';

function adminApi() {
  return mockOcdpApi({
    listTenants: jest.fn(async () => [teamTenant, personalTenant]),
    getTenantUsage: jest.fn(async () => teamUsage),
    listClusters: jest.fn(async () => [
      { name: 'demo', title: 'Demo GPU cluster', reachable: true },
    ]),
    createTenant: jest.fn(async () => teamTenant),
  });
}

describe('QuotasPage for an admin', () => {
  it('lists every tenant with create, edit and delete actions', async () => {
    const ocdpApi = adminApi();
    await renderWithOcdp(<QuotasPage />, {
      ocdpApi,
      permissionApi: allowAllPermissions(),
    });

    expect(await screen.findByText('vision')).toBeInTheDocument();
    expect(screen.getByText('u-ben')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-vision' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-vision',
    );
    expect(screen.getByText('Personal')).toBeInTheDocument();
    expect(screen.getByText('Team')).toBeInTheDocument();
    expect(screen.getByText('lab / vision-lab')).toBeInTheDocument();
    expect(
      screen.getByLabelText('sync error: API server unreachable'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create tenant' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Delete tenant vision' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Delete tenant u-ben' }),
    ).toBeInTheDocument();
    expect(ocdpApi.getTenantUsage).not.toHaveBeenCalled();

    fireEvent.click(screen.getByText('vision'));

    expect(await screen.findByText('2 cores / 8 cores')).toBeInTheDocument();
    expect(screen.getByText('4 GiB / unlimited')).toBeInTheDocument();
    expect(screen.getByText('0 / 2 GPUs')).toBeInTheDocument();
    expect(screen.getByText('0 / 0 (none allowed)')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Edit quota of vision on demo' }),
    ).toBeInTheDocument();
    expect(ocdpApi.getTenantUsage).toHaveBeenCalledTimes(1);
    expect(ocdpApi.getTenantUsage).toHaveBeenCalledWith('vision');
  });

  it('creates a tenant: blank CPU is unlimited, blank GPU keys are 0', async () => {
    const ocdpApi = adminApi();
    await renderWithOcdp(<QuotasPage />, {
      ocdpApi,
      permissionApi: allowAllPermissions(),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create tenant' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Name\b/), 'team-nlp');
    await userEvent.type(
      within(dialog).getByLabelText(/^Owner/),
      'group:default/team-nlp',
    );
    expect(
      await within(dialog).findByText('Demo GPU cluster'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getAllByText(/Blank = unlimited/).length,
    ).toBeGreaterThan(0);
    expect(within(dialog).getAllByText(/Blank = 0 \(no GPUs\)/)).toHaveLength(
      2,
    );
    await userEvent.type(within(dialog).getByLabelText('Memory (GiB)'), '32');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    expect(ocdpApi.createTenant).toHaveBeenCalledWith({
      name: 'team-nlp',
      owner: 'group:default/team-nlp',
      bindings: [
        {
          cluster: 'demo',
          quota: {
            'requests.cpu': null,
            'requests.memory': '32Gi',
            'requests.storage': null,
            persistentvolumeclaims: null,
            'requests.nvidia.com/gpu': '0',
            'requests.nvidia.com/gpumem': '0',
          },
        },
      ],
    });
  });

  it('checks the tenant name before sending anything', async () => {
    const ocdpApi = adminApi();
    await renderWithOcdp(<QuotasPage />, {
      ocdpApi,
      permissionApi: allowAllPermissions(),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create tenant' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Name\b/), 'Team_NLP');
    await userEvent.type(within(dialog).getByLabelText(/^Owner/), 'team-nlp');
    await userEvent.type(within(dialog).getByLabelText('CPU (cores)'), '12GB');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    expect(
      within(dialog).getByText(/name: "Team_NLP" must be a DNS-1123 label/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/^owner: enter a user or group/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/"12GB"/)).toBeInTheDocument();
    expect(ocdpApi.createTenant).not.toHaveBeenCalled();
  });

  // Last: mockBreakpoint makes every media query match for the rest of the file.
  it('keeps only name, owner and actions on a phone-sized screen', async () => {
    mockBreakpoint({ matches: true });
    await renderWithOcdp(<QuotasPage />, {
      ocdpApi: adminApi(),
      permissionApi: allowAllPermissions(),
    });
    expect(await screen.findByText('vision')).toBeInTheDocument();
    expect(screen.getByText('Owner')).toBeInTheDocument();
    expect(screen.queryByText('Clusters')).not.toBeInTheDocument();
    expect(screen.queryByText('lab / vision-lab')).not.toBeInTheDocument();
  });
});
