import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GPU_KEYS, teamTenant } from '../../../__testUtils__/fixtures';
import { mockOcdpApi } from '../../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../../__testUtils__/permissions';
import { renderWithOcdp } from '../../../__testUtils__/renderWithOcdp';
import { EditQuotaDialog } from './EditQuotaDialog';

const binding = {
  cluster: 'demo',
  namespace: 'vision',
  quota: teamTenant.bindings[0].quota,
  version: 3,
};

function renderDialog(overrides: Parameters<typeof mockOcdpApi>[0] = {}) {
  const ocdpApi = mockOcdpApi({
    updateQuota: jest.fn(async () => ({
      ...teamTenant.bindings[0],
      version: 4,
    })),
    ...overrides,
  });
  const onSaved = jest.fn();
  const rendered = renderWithOcdp(
    <EditQuotaDialog
      tenant="vision"
      binding={binding}
      onClose={jest.fn()}
      onSaved={onSaved}
    />,
    { ocdpApi, permissionApi: denyAllPermissions(), gpuResourceKeys: GPU_KEYS },
  );
  return { ocdpApi, onSaved, rendered };
}

describe('EditQuotaDialog', () => {
  it('shows the stored quota in form units and saves it at its version', async () => {
    const { ocdpApi, onSaved, rendered } = renderDialog();
    await rendered;
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText('Quota of vision on demo'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Namespace vision, version 3'),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('CPU (cores)')).toHaveValue('8');
    expect(within(dialog).getByLabelText('gpu (count)')).toHaveValue('2');

    const gpus = within(dialog).getByLabelText('gpu (count)');
    await userEvent.clear(gpus);
    await userEvent.type(gpus, '3');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(ocdpApi.updateQuota).toHaveBeenCalledWith(
      'vision',
      'demo',
      {
        quota: {
          'requests.cpu': '8',
          'requests.memory': null,
          'requests.storage': null,
          persistentvolumeclaims: null,
          'requests.nvidia.com/gpu': '3',
          'requests.nvidia.com/gpumem': '0',
        },
      },
      3,
    );
  });

  it('sends nothing while a field is wrong', async () => {
    const { ocdpApi, rendered } = renderDialog();
    await rendered;
    const cpu = screen.getByLabelText('CPU (cores)');
    await userEvent.clear(cpu);
    await userEvent.type(cpu, 'lots');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/"lots"/)).toBeInTheDocument();
    expect(ocdpApi.updateQuota).not.toHaveBeenCalled();
  });
});
