import { act, renderHook } from '@testing-library/react';
import { useDebouncedValue } from './useDebouncedValue';

describe('useDebouncedValue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('follows the value only once it has settled for the delay', () => {
    const { result, rerender } = renderHook(
      ({ value }) => useDebouncedValue(value, 300),
      { initialProps: { value: '' } },
    );
    rerender({ value: 'v' });
    act(() => jest.advanceTimersByTime(200));
    rerender({ value: 'vi' });
    act(() => jest.advanceTimersByTime(200));
    expect(result.current).toBe('');

    act(() => jest.advanceTimersByTime(100));
    expect(result.current).toBe('vi');
  });

  it('starts with the first value', () => {
    const { result } = renderHook(() => useDebouncedValue(42, 300));
    expect(result.current).toBe(42);
  });
});
