import { describeQuotaValue } from './describe';
import { GPU, GPUMEM, GPU_KEYS, MIG } from './testUtils';

describe('describeQuotaValue', () => {
  const options = { gpuResourceKeys: GPU_KEYS };

  it('describes absent values as unlimited, or 0 for GPU keys of ordinary tenants', () => {
    expect(describeQuotaValue('requests.cpu', undefined, options)).toBe(
      'unlimited',
    );
    expect(describeQuotaValue('requests.memory', undefined)).toBe('unlimited');
    expect(describeQuotaValue('pods', '', options)).toBe('unlimited');
    expect(describeQuotaValue(GPU, undefined, options)).toBe('0');
    expect(
      describeQuotaValue(GPU, undefined, { ...options, ordinaryTenant: false }),
    ).toBe('unlimited');
    expect(describeQuotaValue(GPU, undefined)).toBe('unlimited');
  });

  it('describes zero as 0', () => {
    expect(describeQuotaValue('requests.cpu', '0')).toBe('0');
    expect(describeQuotaValue(GPU, '0', options)).toBe('0');
    expect(describeQuotaValue('requests.memory', '0Gi')).toBe('0');
  });

  it('describes CPU in cores or millicores', () => {
    expect(describeQuotaValue('requests.cpu', '8')).toBe('8 cores');
    expect(describeQuotaValue('limits.cpu', '1')).toBe('1 core');
    expect(describeQuotaValue('cpu', '1500m')).toBe('1.5 cores');
    expect(describeQuotaValue('requests.cpu', '500m')).toBe('500 millicores');
    expect(describeQuotaValue('requests.cpu', '1m')).toBe('1 millicore');
  });

  it('describes memory and storage in binary units', () => {
    expect(describeQuotaValue('requests.memory', '32Gi')).toBe('32 GiB');
    expect(describeQuotaValue('limits.memory', '1536Mi')).toBe('1.5 GiB');
    expect(describeQuotaValue('memory', '512Mi')).toBe('512 MiB');
    expect(describeQuotaValue('memory', '1000')).toBe('1000 B');
    expect(describeQuotaValue('requests.storage', '2Ti')).toBe('2 TiB');
    expect(describeQuotaValue('requests.memory', '1G')).toBe('953.67 MiB');
  });

  it('describes GPU memory, a MiB count', () => {
    expect(describeQuotaValue(GPUMEM, '16384', options)).toBe(
      '16 GiB GPU memory',
    );
    expect(describeQuotaValue('nvidia.com/gpumem', '1000')).toBe(
      '1000 MiB GPU memory',
    );
    expect(describeQuotaValue(GPUMEM, '24k')).toBe('23.44 GiB GPU memory');
  });

  it('describes GPU counts', () => {
    expect(describeQuotaValue(GPU, '2', options)).toBe('2 GPUs');
    expect(describeQuotaValue(GPU, '1', options)).toBe('1 GPU');
    expect(describeQuotaValue('requests.amd.com/gpu', '4')).toBe('4 GPUs');
    expect(describeQuotaValue(MIG, '3', options)).toBe('3 × mig-1g.10gb');
  });

  it('describes other keys as plain numbers', () => {
    expect(describeQuotaValue('pods', '20')).toBe('20');
    expect(describeQuotaValue('count/deployments.apps', '1k')).toBe('1000');
    expect(describeQuotaValue('services', '500m')).toBe('0.5');
  });

  it('returns values that are not quantities as they are', () => {
    expect(describeQuotaValue('requests.cpu', 'lots')).toBe('lots');
    expect(describeQuotaValue('requests.cpu', '-1')).toBe('-1');
  });
});
