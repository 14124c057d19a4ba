import { CacheService } from '@backstage/backend-plugin-api';
import { PrometheusTarget } from './readMonitoringConfig';

/** One series of an instant (`value`) or range (`values`) answer. */
export interface PromSeries {
  metric: Record<string, string>;
  value?: [number, string];
  values?: Array<[number, string]>;
}

export class PrometheusError extends Error {
  name = 'PrometheusError';
}

/**
 * Instant and range queries against Prometheus' HTTP API. Answers are kept in the cache service
 * for a short time under a key of the target, query and times, so every viewer of a page in
 * that time (on any replica, with a shared cache) costs Prometheus one query.
 */
export class PrometheusClient {
  /** Queries sent to Prometheus (not answered from the cache), for tests and benchmarks. */
  sent = 0;

  constructor(
    private readonly options: {
      cache: CacheService;
      ttlMs: number;
      timeoutMs: number;
    },
  ) {}

  /** An instant vector at `time` (unix seconds; default now, rounded to the cache period). */
  async query(
    target: PrometheusTarget,
    query: string,
    time?: number,
  ): Promise<PromSeries[]> {
    const at = time ?? this.now();
    return this.cached(target, 'query', { query, time: String(at) });
  }

  /** A range matrix; `start` and `end` are aligned to `step` so viewers share answers. */
  async queryRange(
    target: PrometheusTarget,
    query: string,
    range: { start: number; end: number; step: number },
  ): Promise<PromSeries[]> {
    return this.cached(target, 'query_range', {
      query,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
    });
  }

  private now() {
    const period = Math.max(1, Math.round(this.options.ttlMs / 1000));
    return Math.floor(Date.now() / 1000 / period) * period;
  }

  private async cached(
    target: PrometheusTarget,
    endpoint: 'query' | 'query_range',
    params: Record<string, string>,
  ): Promise<PromSeries[]> {
    const search = new URLSearchParams(params).toString();
    const key = `prom:${target.url}/api/v1/${endpoint}?${search}`;
    const hit = (await this.options.cache.get(key)) as PromSeries[] | undefined;
    if (hit) return hit;
    const series = await this.fetch(target, endpoint, search);
    await this.options.cache.set(key, series as any, {
      ttl: this.options.ttlMs,
    });
    return series;
  }

  private async fetch(
    target: PrometheusTarget,
    endpoint: string,
    search: string,
  ): Promise<PromSeries[]> {
    this.sent++;
    let res: Response;
    try {
      res = await fetch(`${target.url}/api/v1/${endpoint}`, {
        method: 'POST',
        headers: {
          ...target.headers,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: search,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const cause =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : 'unreachable';
      throw new PrometheusError(
        `Prometheus at ${origin(target.url)}: ${cause}`,
      );
    }
    const body = (await res.json().catch(() => undefined)) as
      | {
          status?: string;
          errorType?: string;
          error?: string;
          data?: { resultType?: string; result?: PromSeries[] };
        }
      | undefined;
    if (!res.ok || body?.status !== 'success') {
      const detail = body?.error
        ? `${body.errorType ?? 'error'}: ${body.error}`
        : `HTTP ${res.status}`;
      throw new PrometheusError(
        `Prometheus at ${origin(target.url)}: ${detail}`,
      );
    }
    const result = body.data?.result ?? [];
    return result.map(s => ({
      metric: s.metric ?? {},
      ...(s.value ? { value: [Number(s.value[0]), String(s.value[1])] } : {}),
      ...(s.values
        ? { values: s.values.map(([t, v]) => [Number(t), String(v)]) }
        : {}),
    })) as PromSeries[];
  }
}

/** The scheme, host and port only: a URL's path or credentials never reach messages. */
function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured URL';
  }
}
