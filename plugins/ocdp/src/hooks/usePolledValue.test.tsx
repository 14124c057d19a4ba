import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolledValue } from './usePolledValue';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('usePolledValue', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('loads, then reloads on the interval keeping the value while it reloads', async () => {
    jest.useFakeTimers();
    const loads = [deferred<number>(), deferred<number>()];
    let call = 0;
    const load = jest.fn(() => loads[call++].promise);
    const { result } = renderHook(() =>
      usePolledValue(load, [], { intervalMs: 1000 }),
    );
    expect(result.current.loading).toBe(true);
    await act(async () => loads[0].resolve(1));
    expect(result.current).toMatchObject({
      value: 1,
      loading: false,
      refreshing: false,
    });

    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(load).toHaveBeenCalledTimes(2);
    expect(result.current).toMatchObject({
      value: 1,
      loading: false,
      refreshing: true,
    });
    await act(async () => loads[1].resolve(2));
    expect(result.current).toMatchObject({ value: 2, refreshing: false });
  });

  it('keeps the last value beside the error of a failed reload, and clears it on success', async () => {
    const results: Array<() => Promise<string>> = [
      async () => 'first',
      async () => {
        throw new Error('backend down');
      },
      async () => 'third',
    ];
    let call = 0;
    const { result } = renderHook(() =>
      usePolledValue(() => results[call++](), [], { intervalMs: 60_000 }),
    );
    await waitFor(() => expect(result.current.value).toBe('first'));
    const firstLoadedAt = result.current.updatedAt;

    act(() => result.current.reload());
    await waitFor(() =>
      expect(result.current.error?.message).toBe('backend down'),
    );
    expect(result.current.value).toBe('first');
    expect(result.current.updatedAt).toBe(firstLoadedAt);

    act(() => result.current.reload());
    await waitFor(() => expect(result.current.value).toBe('third'));
    expect(result.current.error).toBeUndefined();
  });

  it('reports a first failure with no value', async () => {
    const { result } = renderHook(() =>
      usePolledValue(() => Promise.reject(new Error('nope')), []),
    );
    await waitFor(() => expect(result.current.error?.message).toBe('nope'));
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(false);
  });

  it('loads nothing while disabled and loads again when its inputs change', async () => {
    const load = jest.fn(async () => 'x');
    const { result, rerender } = renderHook(
      ({ key, enabled }) => usePolledValue(load, [key], { enabled }),
      { initialProps: { key: 'a', enabled: false } },
    );
    expect(result.current.loading).toBe(false);
    expect(load).not.toHaveBeenCalled();
    rerender({ key: 'a', enabled: true });
    await waitFor(() => expect(result.current.value).toBe('x'));
    rerender({ key: 'b', enabled: true });
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
  });

  it('stops polling when unmounted', async () => {
    jest.useFakeTimers();
    const load = jest.fn(async () => 1);
    const { unmount } = renderHook(() =>
      usePolledValue(load, [], { intervalMs: 1000 }),
    );
    await act(async () => {});
    unmount();
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    expect(load).toHaveBeenCalledTimes(1);
  });
});
