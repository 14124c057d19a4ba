import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { OcdpTenant, OcdpTenantUsage } from '@ocdp/plugin-ocdp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OcdpClient } from '../../api';
import {
  personalTenant,
  personalUsage,
  teamTenant,
  teamUsage,
} from '../../__testUtils__/fixtures';
import { mockOcdpApi } from '../../__testUtils__/mockOcdpApi';
import { allowAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { QuotasPage } from './QuotasPage';

const base = 'http://backend.test/api/ocdp';

const demo = { name: 'demo', title: 'Demo GPU cluster', reachable: true };
const lab = { name: 'lab', title: 'Lab cluster', reachable: true };
const west = { name: 'west', title: 'West GPU cluster', reachable: true };
const east = { name: 'east', title: 'East GPU cluster', reachable: true };

describe('Adding a cluster to a tenant', () => {
  describe('the Add cluster button', () => {
    const mockedApi = () =>
      mockOcdpApi({
        listTenants: jest.fn(async () => [teamTenant, personalTenant]),
        getTenantUsage: jest.fn(async (tenant: string) =>
          tenant === 'vision' ? teamUsage : personalUsage,
        ),
        listClusters: jest.fn(async () => [demo, lab]),
      });

    it('shows only while a configured cluster has no binding of the tenant', async () => {
      await renderWithOcdp(<QuotasPage />, {
        ocdpApi: mockedApi(),
        permissionApi: allowAllPermissions(),
      });
      fireEvent.click(await screen.findByText('vision'));
      expect(await screen.findByText('2 cores / 8 cores')).toBeInTheDocument();
      fireEvent.click(screen.getByText('u-ben'));

      expect(
        await screen.findByRole('button', { name: 'Add cluster to u-ben' }),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Add cluster to vision' }),
      ).not.toBeInTheDocument();
    });
  });

  describe('against the API', () => {
    const server = setupServer();
    registerMswTestHooks(server);

    const ocdpApi = new OcdpClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
      fetchApi: {
        fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
      },
    });

    let tenant: OcdpTenant;
    let usage: OcdpTenantUsage;

    beforeEach(() => {
      tenant = teamTenant;
      usage = teamUsage;
      server.use(
        http.get(`${base}/tenants`, () =>
          HttpResponse.json({ items: [tenant] }),
        ),
        http.get(`${base}/tenants/vision/usage`, () =>
          HttpResponse.json(usage),
        ),
        http.get(`${base}/clusters`, () =>
          HttpResponse.json({ items: [demo, lab, west, east] }),
        ),
      );
    });

    const openAddDialog = async () => {
      await renderWithOcdp(<QuotasPage />, {
        ocdpApi,
        permissionApi: allowAllPermissions(),
      });
      fireEvent.click(await screen.findByText('vision'));
      await userEvent.click(
        await screen.findByRole('button', { name: 'Add cluster to vision' }),
      );
      return screen.findByRole('dialog');
    };

    it('creates the binding with a PUT without If-Match and keeps the row open', async () => {
      const sent: Array<{ url: string; ifMatch: string | null; body: any }> =
        [];
      server.use(
        http.put(
          `${base}/tenants/vision/bindings/:cluster`,
          async ({ request }) => {
            const body = (await request.json()) as any;
            sent.push({
              url: request.url,
              ifMatch: request.headers.get('If-Match'),
              body,
            });
            const binding = {
              cluster: 'east',
              namespace: body.namespace,
              quota: { 'requests.memory': '32Gi' },
              syncStatus: 'synced' as const,
              version: 1,
            };
            tenant = {
              ...teamTenant,
              bindings: [...teamTenant.bindings, binding],
            };
            usage = {
              ...teamUsage,
              bindings: [
                ...teamUsage.bindings,
                {
                  ...binding,
                  spec: binding.quota,
                  live: { hard: binding.quota, used: {} },
                  drift: [],
                },
              ],
            };
            return HttpResponse.json(binding, { status: 201 });
          },
        ),
      );
      const dialog = await openAddDialog();
      expect(
        within(dialog).getByText('Blank = tenant name'),
      ).toBeInTheDocument();

      await userEvent.click(
        within(dialog).getByRole('button', { name: /West GPU cluster/ }),
      );
      const options = within(screen.getByRole('listbox')).getAllByRole(
        'option',
      );
      expect(options.map(o => o.textContent)).toEqual([
        'West GPU cluster',
        'East GPU cluster',
      ]);
      await userEvent.click(
        screen.getByRole('option', { name: 'East GPU cluster' }),
      );
      await userEvent.type(
        within(dialog).getByLabelText('Namespace'),
        'vision-east',
      );
      await userEvent.type(within(dialog).getByLabelText('Memory (GiB)'), '32');
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Save' }),
      );

      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      expect(sent).toEqual([
        {
          url: `${base}/tenants/vision/bindings/east`,
          ifMatch: null,
          body: {
            namespace: 'vision-east',
            quota: {
              'requests.cpu': null,
              'requests.memory': '32Gi',
              'requests.storage': null,
              persistentvolumeclaims: null,
              'requests.nvidia.com/gpu': '0',
              'requests.nvidia.com/gpumem': '0',
            },
          },
        },
      ]);
      expect(await screen.findByText('east / vision-east')).toBeInTheDocument();
      expect(
        await screen.findByRole('button', {
          name: 'Edit quota of vision on east',
        }),
      ).toBeInTheDocument();

      await userEvent.click(
        screen.getByRole('button', { name: 'Add cluster to vision' }),
      );
      await userEvent.click(
        within(await screen.findByRole('dialog')).getByRole('button', {
          name: /West GPU cluster/,
        }),
      );
      expect(
        within(screen.getByRole('listbox'))
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual(['West GPU cluster']);
    });

    it('shows the 409 of a taken namespace and stays open', async () => {
      const message =
        'namespace "vision" on cluster "west" belongs to tenant "robotics"';
      server.use(
        http.put(`${base}/tenants/vision/bindings/west`, () =>
          HttpResponse.json(
            {
              error: { name: 'ConflictError', message },
              response: { statusCode: 409 },
            },
            { status: 409 },
          ),
        ),
      );
      const dialog = await openAddDialog();
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Save' }),
      );

      expect(await within(dialog).findByRole('alert')).toHaveTextContent(
        message,
      );
      expect(screen.getByRole('dialog')).toBeInTheDocument();
    });
  });
});
