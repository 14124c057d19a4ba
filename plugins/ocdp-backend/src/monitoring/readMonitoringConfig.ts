import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where a cluster's DCGM series are and how to tell them from other clusters'. */
export interface PrometheusTarget {
  url: string;
  /** Extra PromQL label matchers, e.g. `cluster="demo"`; empty when Prometheus sees one cluster. */
  selector?: string;
  headers: Record<string, string>;
}

export interface MonitoringConfig {
  /** Per configured cluster; a cluster without an entry has no utilization. */
  prometheus: (cluster: string) => PrometheusTarget | undefined;
  /** A GPU is idle when its average utilization over `idleWindow` is below this (percent). */
  idleThresholdPercent: number;
  /** PromQL duration, e.g. `10m`. */
  idleWindow: string;
  /** How long a Prometheus answer is reused (shared through the cache service). */
  cacheTtlMs: number;
  timeoutMs: number;
  /** The cluster cache counts as stale after this long without a word from the API server. */
  staleAfterSeconds: number;
}

const DURATION = /^[0-9]+[smhd]$/;

/** Reads `ocdp.prometheus` and `ocdp.monitoring`. */
export function readMonitoringConfig(config: Config): MonitoringConfig {
  const prom = config.getOptionalConfig('ocdp.prometheus');
  const url = prom?.getOptionalString('url')?.replace(/\/+$/, '');
  const headers = prom?.getOptional<Record<string, string>>('headers') ?? {};
  const perCluster = prom?.getOptionalConfig('clusters');
  const idleWindow = prom?.getOptionalString('idleWindow') ?? '10m';
  if (!DURATION.test(idleWindow)) {
    throw new InputError(
      `ocdp.prometheus.idleWindow: "${idleWindow}" is not a PromQL duration like 10m`,
    );
  }
  return {
    prometheus: cluster => {
      const own = perCluster?.getOptionalConfig(cluster);
      const target = own?.getOptionalString('url')?.replace(/\/+$/, '') ?? url;
      if (!target) return undefined;
      const selector = own?.getOptionalString('selector');
      return { url: target, headers, ...(selector ? { selector } : {}) };
    },
    idleThresholdPercent: prom?.getOptionalNumber('idleThresholdPercent') ?? 5,
    idleWindow,
    cacheTtlMs: (prom?.getOptionalNumber('cacheSeconds') ?? 15) * 1000,
    timeoutMs: prom?.getOptionalNumber('timeoutMs') ?? 5000,
    staleAfterSeconds:
      config.getOptionalNumber('ocdp.monitoring.staleAfterSeconds') ?? 120,
  };
}
