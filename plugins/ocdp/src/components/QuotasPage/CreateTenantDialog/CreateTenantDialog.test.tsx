import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GPU_KEYS, teamTenant } from '../../../__testUtils__/fixtures';
import { mockOcdpApi } from '../../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../../__testUtils__/permissions';
import { renderWithOcdp } from '../../../__testUtils__/renderWithOcdp';
import { CreateTenantDialog } from './CreateTenantDialog';

function renderDialog() {
  const ocdpApi = mockOcdpApi({
    listClusters: jest.fn(async () => [
      { name: 'demo', title: 'Demo GPU cluster', reachable: true },
      { name: 'lab', title: 'Lab cluster', reachable: true },
    ]),
    createTenant: jest.fn(async () => teamTenant),
  });
  const onCreated = jest.fn();
  const rendered = renderWithOcdp(
    <CreateTenantDialog open onClose={jest.fn()} onCreated={onCreated} />,
    { ocdpApi, permissionApi: denyAllPermissions(), gpuResourceKeys: GPU_KEYS },
  );
  return { ocdpApi, onCreated, rendered };
}

describe('CreateTenantDialog', () => {
  it('creates a tenant owned by a group picked from the catalog', async () => {
    const { ocdpApi, onCreated, rendered } = renderDialog();
    await rendered;
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Name\b/), 'team-nlp');
    await userEvent.type(within(dialog).getByRole('combobox'), 'nlp');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await userEvent.click(
      await screen.findByRole('option', { name: /NLP team/ }),
    );
    expect(within(dialog).getByRole('combobox')).toHaveValue('NLP team');
    await within(dialog).findByText('Demo GPU cluster');
    await userEvent.type(within(dialog).getByLabelText('gpu (count)'), '2');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(teamTenant));
    expect(ocdpApi.createTenant).toHaveBeenCalledWith({
      name: 'team-nlp',
      owner: 'group:default/team-nlp',
      bindings: [
        {
          cluster: 'demo',
          quota: expect.objectContaining({
            'requests.nvidia.com/gpu': '2',
            'requests.nvidia.com/gpumem': '0',
          }),
        },
      ],
    });
  });

  it('adds and removes clusters, and refuses one listed twice', async () => {
    const { ocdpApi, rendered } = renderDialog();
    await rendered;
    const dialog = screen.getByRole('dialog');
    await within(dialog).findByText('Demo GPU cluster');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add cluster' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: /^Cluster 2/ }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'Demo GPU cluster' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );
    expect(
      within(dialog).getByText('This cluster is already listed'),
    ).toBeInTheDocument();
    expect(ocdpApi.createTenant).not.toHaveBeenCalled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove cluster 2' }),
    );
    expect(
      within(dialog).queryByText('This cluster is already listed'),
    ).not.toBeInTheDocument();
  });
});
