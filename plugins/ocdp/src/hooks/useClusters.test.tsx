import { TestApiProvider } from '@backstage/test-utils';
import { renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { ocdpApiRef } from '../api';
import { mockOcdpApi } from '../__testUtils__/mockOcdpApi';
import { useClusters } from './useClusters';

const demo = { name: 'demo', title: 'Demo GPU cluster', reachable: true };

function wrapperFor(ocdpApi: ReturnType<typeof mockOcdpApi>) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[ocdpApiRef, ocdpApi]]}>{children}</TestApiProvider>
  );
}

describe('useClusters', () => {
  it('loads the clusters once enabled', async () => {
    const ocdpApi = mockOcdpApi({ listClusters: jest.fn(async () => [demo]) });
    const { result, rerender } = renderHook(
      ({ enabled }) => useClusters(enabled),
      { wrapper: wrapperFor(ocdpApi), initialProps: { enabled: false } },
    );
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.clusters).toEqual([]);
    expect(ocdpApi.listClusters).not.toHaveBeenCalled();

    rerender({ enabled: true });
    await waitFor(() => expect(result.current.clusters).toEqual([demo]));
    expect(ocdpApi.listClusters).toHaveBeenCalledTimes(1);
  });

  it('reports a failure', async () => {
    const ocdpApi = mockOcdpApi({
      listClusters: jest.fn(() => Promise.reject(new Error('down'))),
    });
    const { result } = renderHook(() => useClusters(true), {
      wrapper: wrapperFor(ocdpApi),
    });
    await waitFor(() => expect(result.current.error?.message).toBe('down'));
    expect(result.current.clusters).toEqual([]);
  });
});
