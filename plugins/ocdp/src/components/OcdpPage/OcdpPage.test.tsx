import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ocdpApiRef, OcdpClient } from '../../api';
import { OcdpPage } from './OcdpPage';

describe('OcdpPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = mockApis.discovery({ baseUrl: 'http://backend.test' });
  const fetchApi = {
    fetch: (...args: Parameters<typeof fetch>) => fetch(...args),
  };

  function renderPage() {
    return renderInTestApp(
      <TestApiProvider
        apis={[
          [discoveryApiRef, discoveryApi],
          [fetchApiRef, fetchApi],
          [ocdpApiRef, new OcdpClient({ discoveryApi, fetchApi })],
        ]}
      >
        <OcdpPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
  }

  it('shows each configured cluster and whether it is reachable', async () => {
    server.use(
      http.get('http://backend.test/api/ocdp/clusters', () =>
        HttpResponse.json({
          items: [
            {
              name: 'demo',
              title: 'Demo GPU cluster',
              reachable: true,
              entityRef: 'resource:default/demo',
            },
            {
              name: 'lab',
              title: 'Lab cluster',
              reachable: false,
              error: 'API server unreachable (ECONNREFUSED)',
            },
          ],
        }),
      ),
    );
    await renderPage();
    expect(await screen.findByText('Demo GPU cluster')).toBeInTheDocument();
    expect(screen.getByText('Demo GPU cluster').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/resource/demo',
    );
    expect(screen.getByText('Reachable')).toBeInTheDocument();
    expect(screen.getByText('Lab cluster')).toBeInTheDocument();
    expect(
      screen.getByText('API server unreachable (ECONNREFUSED)'),
    ).toBeInTheDocument();
  });

  it('shows the API error message when the backend refuses', async () => {
    server.use(
      http.get('http://backend.test/api/ocdp/clusters', () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'You may not list clusters',
            },
          },
          { status: 403 },
        ),
      ),
    );
    await renderPage();
    const messages = await screen.findAllByText(/You may not list clusters/);
    expect(messages.length).toBeGreaterThan(0);
    expect(screen.queryByText('Reachable')).not.toBeInTheDocument();
  });
});
