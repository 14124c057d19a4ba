import { quotaUsageRows } from '@ocdp/plugin-ocdp-common';
import { availableCount, describeQuotaLeft } from './quotaLeft';

const gpuKeys = ['requests.nvidia.com/gpu', 'requests.nvidia.com/gpumem'];

describe('describeQuotaLeft', () => {
  it('says what is left, GPUs first, leaving out keys that allow nothing', () => {
    const rows = quotaUsageRows(
      undefined,
      {
        'requests.cpu': '8',
        'requests.memory': '32Gi',
        'requests.nvidia.com/gpu': '4',
        'requests.nvidia.com/gpumem': '0',
        'limits.cpu': '16',
      },
      { 'requests.cpu': '2', 'requests.nvidia.com/gpu': '4' },
      gpuKeys,
    );
    expect(describeQuotaLeft(rows, gpuKeys)).toBe(
      'no GPUs, 6 cores, 32 GiB memory left',
    );
    const full = quotaUsageRows(
      undefined,
      { 'requests.memory': '16Gi' },
      { 'requests.memory': '16Gi' },
    );
    expect(describeQuotaLeft(full, gpuKeys)).toBe('no memory left');
  });

  it('says when nothing is limited', () => {
    expect(describeQuotaLeft(quotaUsageRows({}, {}, {}), gpuKeys)).toBe(
      'no limits',
    );
  });
});

describe('availableCount', () => {
  it('is the number left, 0 when used up, undefined when unlimited', () => {
    const rows = quotaUsageRows(
      undefined,
      {
        'requests.nvidia.com/gpu': '4',
        'requests.nvidia.com/mig-1g.10gb': '2',
      },
      {
        'requests.nvidia.com/gpu': '1',
        'requests.nvidia.com/mig-1g.10gb': '3',
      },
      gpuKeys,
    );
    expect(availableCount(rows, 'requests.nvidia.com/gpu')).toBe(3);
    expect(availableCount(rows, 'requests.nvidia.com/mig-1g.10gb')).toBe(0);
    expect(availableCount(rows, 'requests.nvidia.com/mig-2g.20gb')).toBe(
      undefined,
    );
  });
});
