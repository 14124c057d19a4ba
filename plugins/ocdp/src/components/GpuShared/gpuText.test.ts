import { allocationOnlyText } from './GpuUtilizationNotice';
import { staleText } from './GpuFreshness';
import { formatMiB, otherResources, productLabel } from './gpuFormat';

describe('GPU texts', () => {
  it('says allocation only, and why, when utilization is missing', () => {
    expect(
      allocationOnlyText({ available: false, reason: 'not-configured' }),
    ).toBe('Allocation only — Prometheus not configured');
    expect(
      allocationOnlyText({
        available: false,
        reason:
          'not-configured: set ocdp.prometheus.url to show GPU utilization',
      }),
    ).toBe('Allocation only — Prometheus not configured');
    expect(
      allocationOnlyText({
        available: false,
        reason: 'HTTP 503 from Prometheus',
      }),
    ).toBe(
      'Allocation only — Prometheus did not answer: HTTP 503 from Prometheus',
    );
    expect(
      allocationOnlyText({
        available: true,
        window: '10m',
        idleThresholdPercent: 5,
        readAt: '2026-11-30T06:00:00Z',
      }),
    ).toBeUndefined();
  });

  it('says why numbers may be old', () => {
    expect(
      staleText({ synced: true, watching: true, stale: false }),
    ).toBeUndefined();
    expect(
      staleText({
        synced: true,
        watching: false,
        stale: true,
        staleSeconds: 61.4,
      }),
    ).toBe(
      "No news from the cluster's API server for 61 s. Numbers may be old.",
    );
    expect(
      staleText({
        synced: false,
        watching: false,
        stale: true,
        lastError: 'ECONNREFUSED',
      }),
    ).toBe(
      'The cluster cache is still loading: ECONNREFUSED. Numbers may be incomplete.',
    );
  });

  it('formats GPU amounts', () => {
    expect(formatMiB(81920)).toBe('80 GiB');
    expect(formatMiB(5120)).toBe('5.0 GiB');
    expect(formatMiB(512)).toBe('512 MiB');
    expect(productLabel('NVIDIA-A100-SXM4-80GB')).toBe('A100-SXM4-80GB');
    expect(productLabel(undefined)).toBe('unknown');
    expect(
      otherResources({
        'nvidia.com/gpu': 2,
        'nvidia.com/mig-1g.10gb': 3,
        'nvidia.com/gpumem': 40960,
        'nvidia.com/gpucores': 0,
      }),
    ).toEqual(['mig-1g.10gb 3', 'gpumem 40 GiB']);
  });
});
