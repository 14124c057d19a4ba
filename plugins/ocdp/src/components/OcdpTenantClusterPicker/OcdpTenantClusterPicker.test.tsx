import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OcdpApi } from '../../api';
import { FieldHarness } from '../../__testUtils__/renderField';
import {
  personalTenant,
  personalUsage,
  teamTenant,
  teamUsage,
} from '../../__testUtils__/fixtures';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { denyAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import {
  OcdpTenantClusterPicker,
  OcdpTenantClusterValue,
  validateTenantCluster,
} from './OcdpTenantClusterPicker';

const usages = { vision: teamUsage, 'u-ben': personalUsage };

async function renderPicker(
  onChange = jest.fn(),
  getTenantUsage: OcdpApi['getTenantUsage'] = async tenant => {
    const usage = usages[tenant as keyof typeof usages];
    if (!usage) throw new Error(`no usage for ${tenant}`);
    return usage;
  },
) {
  await renderWithOcdp(
    <FieldHarness<OcdpTenantClusterValue>
      field={OcdpTenantClusterPicker}
      title="Tenant and cluster"
      onChange={onChange}
    />,
    {
      ocdpApi: mockOcdpApi({
        listTenants: jest.fn(async () => [teamTenant, personalTenant]),
        getTenantUsage,
      }),
      permissionApi: denyAllPermissions(),
      gpuResourceKeys: ['requests.nvidia.com/gpu'],
    },
  );
  return onChange;
}

async function openChoices() {
  await userEvent.click(
    screen.getByRole('button', { name: /Tenant and cluster/ }),
  );
  return within(screen.getByRole('listbox')).getAllByRole('option');
}

describe('OcdpTenantClusterPicker', () => {
  it('lists each tenant × cluster with what is left of its quota', async () => {
    await renderPicker();
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    const options = await openChoices();
    expect(options.map(o => o.textContent)).toEqual([
      'vision on demo2 GPUs, 6 cores left',
      'vision on labquota not read',
      'u-ben on demo (personal)2.5 cores, 12 GiB memory left',
    ]);
  });

  it('sets { tenant, cluster } and shows the chosen quota', async () => {
    const onChange = await renderPicker();
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    await openChoices();
    await userEvent.click(
      screen.getByRole('option', { name: /u-ben on demo/ }),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      tenant: 'u-ben',
      cluster: 'demo',
    });
    expect(screen.getByRole('status')).toHaveTextContent(
      'Namespace ocdp-u-ben: 2.5 cores, 12 GiB memory left',
    );
  });

  it('says why a quota could not be read', async () => {
    await renderPicker(jest.fn(), async () => {
      throw new Error('cluster demo is unreachable');
    });
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    const options = await openChoices();
    expect(options[0]).toHaveTextContent(
      'quota could not be read: cluster demo is unreachable',
    );
  });

  it('validates that both parts are chosen', () => {
    const addError = jest.fn();
    validateTenantCluster(undefined, { addError });
    validateTenantCluster({ tenant: 'vision', cluster: '' }, { addError });
    expect(addError).toHaveBeenCalledTimes(2);
    validateTenantCluster({ tenant: 'vision', cluster: 'demo' }, { addError });
    expect(addError).toHaveBeenCalledTimes(2);
  });
});
