import {
  mockApis,
  registerMswTestHooks,
  TestApiProvider,
} from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { ReactNode } from 'react';
import { OcdpClient, ocdpApiRef } from '../api';
import { teamTenant } from '../__testUtils__/fixtures';
import {
  manyTenants,
  TenantListRequest,
  tenantListHandler,
} from '../__testUtils__/tenantListHandler';
import { TenantPageQuery, useTenantPage } from './useTenantPage';

const base = 'http://backend.test/api/ocdp';

describe('useTenantPage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const ocdpApi = new OcdpClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backend.test' }),
    fetchApi: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args) },
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[ocdpApiRef, ocdpApi]]}>{children}</TestApiProvider>
  );

  let tenants = manyTenants(7, teamTenant);
  let requests: TenantListRequest[];
  beforeEach(() => {
    tenants = manyTenants(7, teamTenant);
    requests = [];
    server.use(tenantListHandler(base, () => tenants, requests));
  });

  const names = (page: ReturnType<typeof useTenantPage>) =>
    page.tenants?.map(t => t.name);

  const render = (query: TenantPageQuery) =>
    renderHook(props => useTenantPage(props), { wrapper, initialProps: query });

  it('pages forwards and back with the server cursors', async () => {
    const { result } = render({ q: '', cluster: '', pageSize: 3 });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(names(result.current)).toEqual(['team-000', 'team-001', 'team-002']);
    expect(result.current).toMatchObject({
      totalCount: 7,
      pageIndex: 0,
      hasPrevious: false,
      hasNext: true,
    });

    act(() => result.current.next());
    await waitFor(() =>
      expect(names(result.current)).toEqual([
        'team-003',
        'team-004',
        'team-005',
      ]),
    );
    act(() => result.current.next());
    await waitFor(() => expect(names(result.current)).toEqual(['team-006']));
    expect(result.current).toMatchObject({
      pageIndex: 2,
      hasPrevious: true,
      hasNext: false,
    });

    act(() => result.current.previous());
    await waitFor(() =>
      expect(names(result.current)).toEqual([
        'team-003',
        'team-004',
        'team-005',
      ]),
    );
    expect(result.current.pageIndex).toBe(1);
    expect(requests.map(r => r.cursor)).toEqual([
      undefined,
      expect.any(String),
      expect.any(String),
      requests[1].cursor,
    ]);
  });

  it('sends the search and cluster, and starts again from the first page when they change', async () => {
    const { result, rerender } = render({ q: '', cluster: '', pageSize: 2 });
    await waitFor(() => expect(result.current.hasNext).toBe(true));
    act(() => result.current.next());
    await waitFor(() => expect(result.current.pageIndex).toBe(1));
    await waitFor(() => expect(result.current.loading).toBe(false));

    rerender({ q: ' team-00 ', cluster: 'lab', pageSize: 2 });
    await waitFor(() =>
      expect(names(result.current)).toEqual(['team-001', 'team-003']),
    );
    expect(result.current.pageIndex).toBe(0);
    expect(result.current.totalCount).toBe(3);
    expect(requests[requests.length - 1]).toEqual({
      limit: '2',
      q: 'team-00',
      cluster: 'lab',
    });
  });

  it('reloads the shown page', async () => {
    const { result } = render({ q: '', cluster: '', pageSize: 50 });
    await waitFor(() => expect(result.current.totalCount).toBe(7));
    tenants = tenants.slice(1);
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.totalCount).toBe(6));
    expect(names(result.current)?.[0]).toBe('team-001');
  });

  it('reloads when the reload key changes', async () => {
    const { result, rerender } = renderHook(
      ({ key }) => useTenantPage({ q: '', cluster: '', pageSize: 50 }, key),
      { wrapper, initialProps: { key: 0 } },
    );
    await waitFor(() => expect(result.current.totalCount).toBe(7));
    tenants = [...tenants, { ...tenants[0], name: 'team-new' }];
    rerender({ key: 1 });
    await waitFor(() => expect(result.current.totalCount).toBe(8));
  });

  it('steps back when deletions empty a later page', async () => {
    const { result } = render({ q: '', cluster: '', pageSize: 5 });
    await waitFor(() => expect(result.current.hasNext).toBe(true));
    act(() => result.current.next());
    await waitFor(() =>
      expect(names(result.current)).toEqual(['team-005', 'team-006']),
    );
    tenants = tenants.slice(0, 5);
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.pageIndex).toBe(0));
    await waitFor(() => expect(names(result.current)).toHaveLength(5));
    expect(result.current.hasNext).toBe(false);
  });

  it('reports a failed request', async () => {
    server.use(
      tenantListHandler(base, () => {
        throw new Error('boom');
      }),
    );
    const { result } = render({ q: '', cluster: '', pageSize: 50 });
    await waitFor(() => expect(result.current.error).toBeDefined());
  });
});
