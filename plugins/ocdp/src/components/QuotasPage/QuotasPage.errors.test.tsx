import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OcdpClient } from '../../api';
import { teamTenant, teamUsage } from '../../__testUtils__/fixtures';
import { allowAllPermissions } from '../../__testUtils__/permissions';
import { renderWithOcdp } from '../../__testUtils__/renderWithOcdp';
import { QuotasPage } from './QuotasPage';

const base = 'http://backend.test/api/ocdp';

function apiError(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

describe('QuotasPage dialogs against the API', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const ocdpApi = new OcdpClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
    fetchApi: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) },
  });

  beforeEach(() => {
    server.use(
      http.get(`${base}/tenants`, () =>
        HttpResponse.json({ items: [teamTenant] }),
      ),
      http.get(`${base}/tenants/vision/usage`, () =>
        HttpResponse.json(teamUsage),
      ),
      http.get(`${base}/clusters`, () =>
        HttpResponse.json({
          items: [{ name: 'demo', title: 'Demo GPU cluster', reachable: true }],
        }),
      ),
    );
  });

  const renderPage = () =>
    renderWithOcdp(<QuotasPage />, {
      ocdpApi,
      permissionApi: allowAllPermissions(),
    });

  it('shows the 400 message of a rejected create as the backend wrote it', async () => {
    const message =
      'quota.requests.cpu: "12GB" is not a valid Kubernetes quantity';
    server.use(
      http.post(`${base}/tenants`, () => apiError(400, 'InputError', message)),
    );
    await renderPage();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create tenant' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Name\b/), 'team-nlp');
    await userEvent.type(
      within(dialog).getByLabelText(/^Owner/),
      'group:default/team-nlp',
    );
    await within(dialog).findByText('Demo GPU cluster');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(
      within(dialog).queryByText(/Request failed/),
    ).not.toBeInTheDocument();
  });

  it('sends the binding version and shows the 409 of a stale edit, with a reload', async () => {
    const ifMatch: Array<string | null> = [];
    const message =
      'binding vision/demo was changed (version 4, you sent 3); reload and try again';
    server.use(
      http.put(`${base}/tenants/vision/bindings/demo`, ({ request }) => {
        ifMatch.push(request.headers.get('If-Match'));
        return apiError(409, 'ConflictError', message);
      }),
      http.get(`${base}/tenants/vision`, () =>
        HttpResponse.json({
          ...teamTenant,
          bindings: [
            {
              ...teamTenant.bindings[0],
              quota: { 'requests.cpu': '16' },
              version: 4,
            },
          ],
        }),
      ),
    );
    await renderPage();
    fireEvent.click(await screen.findByText('vision'));
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Edit quota of vision on demo',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('CPU (cores)')).toHaveValue('8');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(ifMatch).toEqual(['3']);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reload current quota' }),
    );
    expect(await within(dialog).findByText(/version 4/)).toBeInTheDocument();
    expect(within(dialog).getByLabelText('CPU (cores)')).toHaveValue('16');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows why a tenant cannot be deleted', async () => {
    const message =
      'tenant "vision" still owns 2 model instance(s); delete them first';
    server.use(
      http.delete(`${base}/tenants/vision`, () =>
        apiError(409, 'ConflictError', message),
      ),
    );
    await renderPage();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete tenant vision' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
  });
});
