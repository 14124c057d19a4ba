import { quotaUsageRows } from './usage';
import { GPU, GPU_KEYS } from './testUtils';

describe('quotaUsageRows', () => {
  it('computes hard, used, available and fraction exactly, in display order', () => {
    const spec = {
      pods: '20',
      'requests.storage': '100Gi',
      [GPU]: '4',
      'requests.memory': '32Gi',
      'requests.cpu': '8',
    };
    expect(
      quotaUsageRows(spec, spec, {
        'requests.cpu': '2500m',
        'requests.memory': '40Gi',
        [GPU]: '1',
        pods: '5',
        'requests.storage': '0',
      }),
    ).toEqual([
      {
        key: 'requests.cpu',
        hard: '8',
        used: '2500m',
        available: '5500m',
        fraction: 0.3125,
      },
      {
        key: 'requests.memory',
        hard: '32Gi',
        used: '40Gi',
        available: '0',
        fraction: 1,
      },
      { key: GPU, hard: '4', used: '1', available: '3', fraction: 0.25 },
      {
        key: 'requests.storage',
        hard: '100Gi',
        used: '0',
        available: '100Gi',
        fraction: 0,
      },
      { key: 'pods', hard: '20', used: '5', available: '15', fraction: 0.25 },
    ]);
  });

  it('does exact arithmetic across units', () => {
    expect(
      quotaUsageRows(
        undefined,
        { 'requests.memory': '1Gi', 'requests.cpu': '1' },
        {
          'requests.memory': '256Mi',
          'requests.cpu': '0.1',
        },
      ),
    ).toEqual([
      {
        key: 'requests.cpu',
        hard: '1',
        used: '100m',
        available: '900m',
        fraction: 0.1,
      },
      {
        key: 'requests.memory',
        hard: '1Gi',
        used: '256Mi',
        available: '768Mi',
        fraction: 0.25,
      },
    ]);
  });

  it('has a null fraction and no limit for unlimited keys', () => {
    expect(quotaUsageRows({}, {}, { 'limits.cpu': '1500m' })).toEqual([
      { key: 'limits.cpu', used: '1500m', fraction: null },
    ]);
  });

  it('prefers the live limit and falls back to the spec', () => {
    expect(
      quotaUsageRows(
        { 'requests.cpu': '8', pods: '10' },
        { 'requests.cpu': '4' },
        { 'requests.cpu': '1' },
      ),
    ).toEqual([
      {
        key: 'requests.cpu',
        hard: '4',
        used: '1',
        available: '3',
        fraction: 0.25,
      },
      { key: 'pods', hard: '10', used: '0', available: '10', fraction: 0 },
    ]);
  });

  it('handles a zero limit', () => {
    expect(
      quotaUsageRows({ [GPU]: '0' }, undefined, undefined, GPU_KEYS),
    ).toEqual([
      { key: GPU, hard: '0', used: '0', available: '0', fraction: 0 },
    ]);
    expect(quotaUsageRows({ [GPU]: '0' }, undefined, { [GPU]: '1' })).toEqual([
      { key: GPU, hard: '0', used: '1', available: '0', fraction: 1 },
    ]);
  });

  it('orders configured GPU keys with the GPUs', () => {
    const rows = quotaUsageRows(
      { pods: '1', 'requests.example.com/accel': '2', 'requests.cpu': '1' },
      undefined,
      undefined,
      ['requests.example.com/accel'],
    );
    expect(rows.map(r => r.key)).toEqual([
      'requests.cpu',
      'requests.example.com/accel',
      'pods',
    ]);
  });

  it('shows values that are not quantities as given', () => {
    expect(quotaUsageRows(undefined, { pods: 'junk' }, { pods: '1' })).toEqual([
      { key: 'pods', hard: 'junk', used: '1', fraction: null },
    ]);
  });

  it('gives no rows for nothing', () => {
    expect(quotaUsageRows(undefined, undefined, undefined)).toEqual([]);
  });
});
