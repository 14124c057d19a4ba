import { TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { ocdpApiRef } from '../api';
import { teamTenant } from '../__testUtils__/fixtures';
import { mockOcdpApi } from '../__testUtils__/mockOcdpApi';
import { useFreeClusters } from './useFreeClusters';

const clusters = [
  { name: 'demo', title: 'Demo GPU cluster', reachable: true },
  { name: 'lab', title: 'Lab cluster', reachable: true },
  { name: 'west', title: 'West GPU cluster', reachable: true },
];

function setup() {
  const ocdpApi = mockOcdpApi({ listClusters: jest.fn(async () => clusters) });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[ocdpApiRef, ocdpApi]]}>{children}</TestApiProvider>
  );
  return { ocdpApi, wrapper };
}

describe('useFreeClusters', () => {
  it('lists the clusters the tenant has no binding on', async () => {
    const { ocdpApi, wrapper } = setup();
    const { result } = renderHook(() => useFreeClusters(teamTenant, true), {
      wrapper,
    });
    await waitFor(() =>
      expect(result.current.map(c => c.name)).toEqual(['west']),
    );
    expect(ocdpApi.listClusters).toHaveBeenCalledTimes(1);
  });

  it('loads nothing unless enabled', async () => {
    const { ocdpApi, wrapper } = setup();
    const { result } = renderHook(() => useFreeClusters(teamTenant, false), {
      wrapper,
    });
    await waitFor(() => expect(result.current).toEqual([]));
    expect(ocdpApi.listClusters).not.toHaveBeenCalled();
  });

  it('follows the tenant when it gains a binding', async () => {
    const { wrapper } = setup();
    const { result, rerender } = renderHook(
      ({ tenant }) => useFreeClusters(tenant, true),
      { wrapper, initialProps: { tenant: teamTenant } },
    );
    await waitFor(() => expect(result.current).toHaveLength(1));
    rerender({
      tenant: {
        ...teamTenant,
        bindings: [
          ...teamTenant.bindings,
          { ...teamTenant.bindings[0], cluster: 'west' },
        ],
      },
    });
    expect(result.current).toEqual([]);
  });
});
