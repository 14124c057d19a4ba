import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** How often GPU views reload by default: the backend's watch cache makes a reload cheap. */
export const GPU_POLL_INTERVAL_MS = 30_000;

/** A value that reloads on an interval and keeps what it had while reloading or after a failure. */
export interface PolledValue<T> {
  value?: T;
  /** The last load's failure; with a `value`, that value is from an earlier load (stale). */
  error?: Error;
  /** Nothing loaded yet and a load is under way. */
  loading: boolean;
  /** A load is under way while an earlier value is shown. */
  refreshing: boolean;
  /** When `value` was loaded. */
  updatedAt?: Date;
  /** Loads again now. */
  reload(): void;
}

interface State<T> {
  value?: T;
  error?: Error;
  inFlight: boolean;
  updatedAt?: Date;
}

/**
 * Loads with `load` when `deps` change and then every `intervalMs` (skipping turns while the
 * browser tab is hidden). The previous value stays while a new one loads, so views do not
 * flicker; a failed reload keeps the value and reports the error beside it.
 */
export function usePolledValue<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  options: { intervalMs?: number; enabled?: boolean } = {},
): PolledValue<T> {
  const { intervalMs = GPU_POLL_INTERVAL_MS, enabled = true } = options;
  const [state, setState] = useState<State<T>>({ inFlight: enabled });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (!enabled) {
      setState(s => ({ ...s, inFlight: false }));
      return undefined;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(turn, intervalMs);
    };
    const run = async () => {
      setState(s => ({ ...s, inFlight: true }));
      try {
        const value = await loadRef.current();
        if (!cancelled) {
          setState({ value, inFlight: false, updatedAt: new Date() });
        }
      } catch (e) {
        if (!cancelled) {
          const error = e instanceof Error ? e : new Error(String(e));
          setState(s => ({ ...s, error, inFlight: false }));
        }
      }
      if (!cancelled) {
        schedule();
      }
    };
    function turn() {
      if (typeof document !== 'undefined' && document.hidden) {
        schedule();
      } else {
        run();
      }
    }
    run();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, intervalMs, generation]);

  const reload = useCallback(() => setGeneration(g => g + 1), []);
  const hasValue = state.value !== undefined;
  return {
    value: state.value,
    error: state.error,
    loading: state.inFlight && !hasValue,
    refreshing: state.inFlight && hasValue,
    updatedAt: state.updatedAt,
    reload,
  };
}
