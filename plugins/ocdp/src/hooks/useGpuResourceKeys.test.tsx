import { configApiRef } from '@backstage/core-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { DEFAULT_GPU_RESOURCE_KEYS } from '@ocdp/plugin-ocdp-common';
import { useGpuResourceKeys } from './useGpuResourceKeys';

function wrapperWith(data: object) {
  const config = mockApis.config({ data });
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[configApiRef, config]]}>
      {children}
    </TestApiProvider>
  );
}

describe('useGpuResourceKeys', () => {
  it('reads ocdp.quota.gpuResourceKeys', () => {
    const keys = ['requests.nvidia.com/gpu', 'requests.amd.com/gpu'];
    const { result } = renderHook(() => useGpuResourceKeys(), {
      wrapper: wrapperWith({ ocdp: { quota: { gpuResourceKeys: keys } } }),
    });
    expect(result.current).toEqual(keys);
  });

  it('falls back to the NVIDIA GPU count and HAMi GPU memory keys', () => {
    const { result } = renderHook(() => useGpuResourceKeys(), {
      wrapper: wrapperWith({}),
    });
    expect(result.current).toBe(DEFAULT_GPU_RESOURCE_KEYS);
    expect(result.current).toEqual([
      'requests.nvidia.com/gpu',
      'requests.nvidia.com/gpumem',
    ]);
  });

  it('keeps the same array across renders', () => {
    const { result, rerender } = renderHook(() => useGpuResourceKeys(), {
      wrapper: wrapperWith({
        ocdp: { quota: { gpuResourceKeys: ['requests.nvidia.com/gpu'] } },
      }),
    });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });
});
