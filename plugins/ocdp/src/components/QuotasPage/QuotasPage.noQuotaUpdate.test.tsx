import { fireEvent, screen } from '@testing-library/react';
import { personalTenant, personalUsage } from '../../__testUtils__/fixtures';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { allowAllExcept } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { QuotasPage } from './QuotasPage';

// A file of its own: permission decisions are cached per test file.
describe('QuotasPage for an admin who may not update quotas', () => {
  it('offers neither quota edits nor adding a cluster', async () => {
    const ocdpApi = mockOcdpApi({
      listTenants: jest.fn(async () => [personalTenant]),
      getTenantUsage: jest.fn(async () => personalUsage),
      listClusters: jest.fn(async () => [
        { name: 'demo', title: 'Demo GPU cluster', reachable: true },
        { name: 'lab', title: 'Lab cluster', reachable: true },
      ]),
    });
    await renderWithOcdp(<QuotasPage />, {
      ocdpApi,
      permissionApi: allowAllExcept('ocdp.quota.update'),
    });
    fireEvent.click(await screen.findByText('u-ben'));

    expect(await screen.findByText('1.5 cores / 4 cores')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Add cluster to/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Edit quota of/ }),
    ).not.toBeInTheDocument();
    expect(ocdpApi.listClusters).not.toHaveBeenCalled();
  });
});
