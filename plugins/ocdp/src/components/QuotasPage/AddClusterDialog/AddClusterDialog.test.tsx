import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  GPU_KEYS,
  personalTenant,
  teamTenant,
} from '../../../__testUtils__/fixtures';
import { mockOcdpApi } from '../../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../../__testUtils__/permissions';
import { renderWithOcdp } from '../../../__testUtils__/renderWithOcdp';
import { AddClusterDialog } from './AddClusterDialog';

const west = { name: 'west', title: 'West GPU cluster', reachable: true };
const east = { name: 'east', title: 'East GPU cluster', reachable: true };
const added = {
  cluster: 'west',
  namespace: 'vision',
  quota: {},
  syncStatus: 'pending' as const,
  version: 1,
};

describe('AddClusterDialog', () => {
  it('creates the binding on the first free cluster without a version', async () => {
    const ocdpApi = mockOcdpApi({ updateQuota: jest.fn(async () => added) });
    const onAdded = jest.fn();
    await renderWithOcdp(
      <AddClusterDialog
        tenant={teamTenant}
        clusters={[west, east]}
        onClose={jest.fn()}
        onAdded={onAdded}
      />,
      {
        ocdpApi,
        permissionApi: denyAllPermissions(),
        gpuResourceKeys: GPU_KEYS,
      },
    );
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText('Add a cluster to vision'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Namespace')).toHaveAttribute(
      'placeholder',
      'vision',
    );
    await userEvent.type(within(dialog).getByLabelText('gpu (count)'), '1');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onAdded).toHaveBeenCalledWith(added));
    expect(ocdpApi.updateQuota).toHaveBeenCalledWith(
      'vision',
      'west',
      {
        quota: {
          'requests.cpu': null,
          'requests.memory': null,
          'requests.storage': null,
          persistentvolumeclaims: null,
          'requests.nvidia.com/gpu': '1',
          'requests.nvidia.com/gpumem': '0',
        },
      },
      undefined,
    );
  });

  it("offers a personal tenant's own namespace and checks a typed one", async () => {
    const ocdpApi = mockOcdpApi({ updateQuota: jest.fn(async () => added) });
    await renderWithOcdp(
      <AddClusterDialog
        tenant={personalTenant}
        clusters={[east]}
        onClose={jest.fn()}
        onAdded={jest.fn()}
      />,
      { ocdpApi, permissionApi: denyAllPermissions() },
    );
    const namespace = screen.getByLabelText('Namespace');
    expect(namespace).toHaveAttribute('placeholder', 'ocdp-u-ben');
    expect(
      screen.getByText("Blank = the owner's personal namespace"),
    ).toBeInTheDocument();
    await userEvent.type(namespace, 'Not_A_Namespace');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Not_A_Namespace/)).toBeInTheDocument();
    expect(ocdpApi.updateQuota).not.toHaveBeenCalled();
  });
});
