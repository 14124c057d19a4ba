import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OcdpClient } from '../../api';
import { teamTenant } from '../../__testUtils__/fixtures';
import { allowAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import {
  manyTenants,
  TenantListRequest,
  tenantListHandler,
} from '../../__testUtils__/tenantListHandler';
import { QuotasPage } from './QuotasPage';

const base = 'http://backend.test/api/ocdp';

describe('QuotasPage pages through tenants on the server', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const ocdpApi = new OcdpClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
    fetchApi: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) },
  });

  const tenants = manyTenants(70, teamTenant);
  let requests: TenantListRequest[];
  let clusterLists: number;

  beforeEach(() => {
    requests = [];
    clusterLists = 0;
    server.use(
      tenantListHandler(base, () => tenants, requests),
      http.get(`${base}/clusters`, () => {
        clusterLists += 1;
        return HttpResponse.json({
          items: [
            { name: 'demo', title: 'Demo GPU cluster', reachable: true },
            { name: 'lab', title: 'Lab cluster', reachable: true },
          ],
        });
      }),
    );
  });

  const renderPage = () =>
    renderWithOcdp(<QuotasPage />, {
      ocdpApi,
      permissionApi: allowAllPermissions(),
    });

  const rowNames = () =>
    screen
      .getAllByRole('row')
      .map(
        row =>
          within(row).queryAllByText(/^(team-\d{3}|aaa-new)$/)[0]?.textContent,
      )
      .filter(Boolean);

  it('shows 50 tenants at a time with the total, and moves with the cursors', async () => {
    await renderPage();
    expect(await screen.findByText('1–50 of 70')).toBeInTheDocument();
    expect(screen.getByText('Tenants (70)')).toBeInTheDocument();
    expect(rowNames()).toHaveLength(50);
    expect(rowNames()[0]).toBe('team-000');
    expect(requests).toEqual([{ limit: '50' }]);
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('51–70 of 70')).toBeInTheDocument();
    expect(rowNames()).toHaveLength(20);
    expect(rowNames()[0]).toBe('team-050');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByText('1–50 of 70')).toBeInTheDocument();
    expect(rowNames()[0]).toBe('team-000');
    expect(requests.map(r => r.cursor)).toEqual([
      undefined,
      requests[1].cursor,
      undefined,
    ]);
    expect(requests[1].cursor).toBeDefined();
    expect(clusterLists).toBe(0);
  });

  it('asks the server for the search text once typing stops, from the first page', async () => {
    await renderPage();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Next page' }),
    );
    await screen.findByText('51–70 of 70');

    fireEvent.change(screen.getByLabelText('Search tenants'), {
      target: { value: 'team-06' },
    });
    expect(await screen.findByText('1–10 of 10')).toBeInTheDocument();
    expect(rowNames()).toEqual(
      Array.from({ length: 10 }, (_, i) => `team-06${i}`),
    );
    expect(screen.getByText('Tenants (10)')).toBeInTheDocument();
    expect(requests[requests.length - 1]).toEqual({
      limit: '50',
      q: 'team-06',
    });
  });

  it('filters by cluster, loading the clusters only when the filter opens', async () => {
    await renderPage();
    await screen.findByText('1–50 of 70');
    expect(clusterLists).toBe(0);

    await userEvent.click(screen.getByRole('button', { name: /All clusters/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Lab cluster' }),
    );
    expect(await screen.findByText('1–35 of 35')).toBeInTheDocument();
    expect(rowNames()[0]).toBe('team-001');
    expect(clusterLists).toBe(1);
    expect(requests[requests.length - 1]).toEqual({
      limit: '50',
      cluster: 'lab',
    });
  });

  it('loads the page again after a tenant is created', async () => {
    let created = false;
    server.use(
      tenantListHandler(
        base,
        () =>
          created ? [...tenants, { ...teamTenant, name: 'aaa-new' }] : tenants,
        requests,
      ),
      http.post(`${base}/tenants`, () => {
        created = true;
        return HttpResponse.json(
          { ...teamTenant, name: 'aaa-new' },
          { status: 201 },
        );
      }),
    );
    await renderPage();
    await screen.findByText('1–50 of 70');
    await userEvent.click(
      screen.getByRole('button', { name: 'Create tenant' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Name\b/), 'aaa-new');
    await userEvent.type(
      within(dialog).getByRole('combobox'),
      'group:default/team-vision',
    );
    await within(dialog).findByText('Demo GPU cluster');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(await screen.findByText('1–50 of 71')).toBeInTheDocument();
    await waitFor(() => expect(rowNames()[0]).toBe('aaa-new'));
  });

  it('changes the page size', async () => {
    await renderPage();
    await screen.findByText('1–50 of 70');
    await userEvent.click(screen.getByRole('button', { name: /Per page/ }));
    await userEvent.click(await screen.findByRole('option', { name: '20' }));
    expect(await screen.findByText('1–20 of 70')).toBeInTheDocument();
    expect(rowNames()).toHaveLength(20);
    await waitFor(() =>
      expect(requests[requests.length - 1]).toEqual({ limit: '20' }),
    );
  });
});
