import { quotaUsageRows } from '@ocdp/plugin-ocdp-common';
import {
  describeAvailable,
  describeLimit,
  describeUsage,
} from './describeUsage';

describe('describeUsage', () => {
  const rows = quotaUsageRows(
    { 'requests.cpu': '8', 'requests.nvidia.com/gpu': '0' },
    undefined,
    { 'requests.cpu': '2500m', 'requests.memory': '4Gi' },
    ['requests.nvidia.com/gpu'],
  );
  const row = (key: string) => rows.find(r => r.key === key)!;
  const cpu = row('requests.cpu');
  const memory = row('requests.memory');
  const gpu = row('requests.nvidia.com/gpu');

  it('describes used / hard with units', () => {
    expect(describeUsage(cpu)).toBe('2.5 cores / 8 cores');
    expect(describeAvailable(cpu)).toBe('5.5 cores available');
  });

  it('says unlimited when there is no limit', () => {
    expect(describeUsage(memory)).toBe('4 GiB / unlimited');
    expect(describeAvailable(memory)).toBeUndefined();
  });

  it('says a zero limit allows none', () => {
    expect(describeLimit(gpu)).toBe('0 (none allowed)');
    expect(describeUsage(gpu)).toBe('0 / 0 (none allowed)');
  });
});
