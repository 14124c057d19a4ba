/** Fault injection for the SIMULATED API server, switchable at run time. */

export interface KubeSimFaults {
  /** Added delay before every API response, in milliseconds. */
  latencyMs?: number;
  /** Fraction (0..1) of API requests answered with an error Status (default 500). */
  errorRate?: number;
  /** HTTP status used for injected errors (500, 503, 429...). */
  errorStatus?: number;
  /** Watches are cut (socket destroyed) this long after they start. */
  dropWatchesAfterMs?: number;
  /** Stop listening and reset open connections: clients get ECONNREFUSED/ECONNRESET. */
  refuseConnections?: boolean;
}

export function normalizeFaults(input: unknown): KubeSimFaults {
  const f = (input ?? {}) as Record<string, unknown>;
  const num = (v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
  return {
    latencyMs: num(f.latencyMs),
    errorRate:
      num(f.errorRate) !== undefined
        ? Math.min(1, num(f.errorRate)!)
        : undefined,
    errorStatus: num(f.errorStatus),
    dropWatchesAfterMs: num(f.dropWatchesAfterMs),
    refuseConnections: f.refuseConnections === true,
  };
}

const REASONS: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The Status body of an injected error. */
export function injectedError(status: number) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `kube-sim injected fault: HTTP ${status} (SIMULATED)`,
    reason: REASONS[status] ?? 'InternalError',
    code: status,
  };
}

/** Deterministic fault dice: a counter-based sequence so errorRate is exact over many requests. */
export class FaultDice {
  private n = 0;
  private acc = 0;

  /** True for the fraction `rate` of calls (error diffusion: exactly rate * calls, evenly spread). */
  roll(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    this.n++;
    this.acc += rate;
    if (this.acc >= 1) {
      this.acc -= 1;
      return true;
    }
    return false;
  }
}
