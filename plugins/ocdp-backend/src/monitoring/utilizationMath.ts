import { GpuMetric, GpuUtilization } from '@ocdp/plugin-ocdp-common';
import { GpuSample } from './DcgmReader';

const round = (n: number) => Math.round(n * 10) / 10;

/** Utilization and temperature averaged, memory and power added up, over some GPUs. */
export function summarize(samples: GpuSample[]): GpuUtilization | undefined {
  if (!samples.length) return undefined;
  const avg = (metric: GpuMetric) => {
    const values = samples
      .map(s => s.values[metric])
      .filter((v): v is number => v !== undefined);
    return values.length
      ? round(values.reduce((a, b) => a + b, 0) / values.length)
      : undefined;
  };
  const sum = (metric: GpuMetric) => {
    const values = samples
      .map(s => s.values[metric])
      .filter((v): v is number => v !== undefined);
    return values.length ? round(values.reduce((a, b) => a + b, 0)) : undefined;
  };
  const out: GpuUtilization = { gpus: samples.length };
  const set = (key: GpuMetric, value: number | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('gpuUtilPercent', avg('gpuUtilPercent'));
  set('memoryUsedMiB', sum('memoryUsedMiB'));
  set('memoryFreeMiB', sum('memoryFreeMiB'));
  set('powerWatts', sum('powerWatts'));
  set('temperatureC', avg('temperatureC'));
  return out;
}

const UNITS: Record<string, number> = { m: 60, h: 3600, d: 86400 };
const STEPS = [
  15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
];

/** `15m`, `6h`, `7d` → seconds; undefined for anything else or out of 5m..30d. */
export function parseRange(range: string): number | undefined {
  const match = /^([1-9][0-9]{0,4})([mhd])$/.exec(range);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNITS[match[2]];
  return seconds >= 300 && seconds <= 30 * 86400 ? seconds : undefined;
}

/** A step that gives a chart about 120 points (at least 15 s, a Prometheus scrape). */
export function stepFor(rangeSeconds: number): number {
  const ideal = rangeSeconds / 120;
  return STEPS.find(s => s >= ideal) ?? STEPS[STEPS.length - 1];
}
