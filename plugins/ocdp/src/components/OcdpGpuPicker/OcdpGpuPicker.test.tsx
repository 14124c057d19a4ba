import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FieldHarness } from '../../__testUtils__/renderField';
import { teamUsage } from '../../__testUtils__/fixtures';
import { memberReport } from '../../__testUtils__/gpuFixtures';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import {
  OcdpGpuPicker,
  OcdpGpuPickerOptions,
  OcdpGpuValue,
  validateGpu,
} from './OcdpGpuPicker';

const placement = { tenant: 'vision', cluster: 'demo' };

async function renderPicker(options: {
  formData?: Record<string, unknown>;
  initial?: OcdpGpuValue;
  uiOptions?: OcdpGpuPickerOptions;
}) {
  const onChange = jest.fn();
  const getClusterGpu = jest.fn(async () => memberReport);
  const getTenantUsage = jest.fn(async () => teamUsage);
  await renderWithOcdp(
    <FieldHarness<OcdpGpuValue, OcdpGpuPickerOptions>
      field={OcdpGpuPicker}
      title="GPUs per replica"
      onChange={onChange}
      {...options}
    />,
    {
      ocdpApi: mockOcdpApi({ getClusterGpu, getTenantUsage }),
      permissionApi: denyAllPermissions(),
      gpuResourceKeys: ['requests.nvidia.com/gpu'],
    },
  );
  return { onChange, getClusterGpu, getTenantUsage };
}

function radioLabels(): string[] {
  return screen
    .getAllByRole('radio')
    .map(radio => radio.closest('label')?.textContent ?? '');
}

describe('OcdpGpuPicker', () => {
  it('asks for the placement first', async () => {
    const { getClusterGpu } = await renderPicker({});
    expect(
      screen.getByText('Choose a tenant and a cluster first.'),
    ).toBeInTheDocument();
    expect(getClusterGpu).not.toHaveBeenCalled();
  });

  it("lists the chosen cluster's GPU models and MIG profiles with free counts", async () => {
    const { getClusterGpu, getTenantUsage } = await renderPicker({
      formData: { placement },
    });
    await waitFor(() => expect(screen.getAllByRole('radio')).toHaveLength(3));
    expect(getClusterGpu).toHaveBeenCalledWith('demo');
    expect(getTenantUsage).toHaveBeenCalledWith('vision');
    expect(radioLabels()).toEqual([
      'NVIDIA-A100-SXM4-80GB (80 GiB) — 3 of 18 free',
      'NVIDIA-L4 (22 GiB) — 4 of 8 free',
      'MIG 1g.10gb — 11 of 14 free',
    ]);
  });

  it('sets { resource, product, count } when a GPU model is chosen, and the count', async () => {
    const { onChange } = await renderPicker({ formData: { placement } });
    await userEvent.click(await screen.findByRole('radio', { name: /L4/ }));
    expect(onChange).toHaveBeenLastCalledWith({
      resource: 'nvidia.com/gpu',
      product: 'NVIDIA-L4',
      count: 1,
    });
    const count = screen.getByRole('spinbutton', { name: 'GPUs per replica' });
    await userEvent.clear(count);
    await userEvent.type(count, '2');
    expect(onChange).toHaveBeenLastCalledWith({
      resource: 'nvidia.com/gpu',
      product: 'NVIDIA-L4',
      count: 2,
    });
    await userEvent.click(screen.getByRole('radio', { name: /MIG/ }));
    expect(onChange).toHaveBeenLastCalledWith({
      resource: 'nvidia.com/mig-1g.10gb',
      count: 2,
    });
  });

  it('marks and explains choices the quota or the free GPUs would not fit, counting replicas', async () => {
    await renderPicker({
      formData: { target: placement, size: 2 },
      uiOptions: { placementField: 'target', replicasField: 'size' },
      initial: { resource: 'nvidia.com/gpu', product: 'NVIDIA-L4', count: 2 },
    });
    await waitFor(() => expect(radioLabels()[0]).toContain('would not fit'));
    expect(radioLabels()).toEqual([
      "NVIDIA-A100-SXM4-80GB (80 GiB) — 3 of 18 free — would not fit: 4 needed, the tenant's quota has 2 left; 4 needed, the cluster has 3 free",
      "NVIDIA-L4 (22 GiB) — 4 of 8 free — would not fit: 4 needed, the tenant's quota has 2 left",
      'MIG 1g.10gb — 11 of 14 free',
    ]);
    expect(screen.getByRole('radio', { name: /L4/ })).toBeChecked();
    // marked choices stay selectable: the pre-flight step gives the final word
    expect(screen.getByRole('radio', { name: /A100/ })).toBeEnabled();
    expect(screen.getByText(/2 replicas × 2 = 4 needed/)).toBeInTheDocument();
  });

  it('validates a GPU type and a count of at least 1', () => {
    const addError = jest.fn();
    validateGpu(undefined, { addError });
    validateGpu({ resource: 'nvidia.com/gpu', count: 0 }, { addError });
    expect(addError.mock.calls).toEqual([
      ['Choose a GPU type'],
      ['The GPU count must be a whole number of at least 1'],
    ]);
    validateGpu({ resource: 'nvidia.com/gpu', count: 2 }, { addError });
    expect(addError).toHaveBeenCalledTimes(2);
  });
});
