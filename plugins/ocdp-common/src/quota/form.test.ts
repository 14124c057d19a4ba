import { OcdpInputError } from '../errors';
import { formQuotaToSpec, parseFormQuotaValue } from './form';
import { GPU, GPUMEM, GPU_KEYS, MIG, thrownBy } from './testUtils';

describe('parseFormQuotaValue', () => {
  it('reads a bare number as cores for CPU keys', () => {
    expect(parseFormQuotaValue('requests.cpu', '8')).toBe('8');
    expect(parseFormQuotaValue('requests.cpu', '0.5')).toBe('500m');
    expect(parseFormQuotaValue('limits.cpu', '1.25')).toBe('1250m');
    expect(parseFormQuotaValue('cpu', '.5')).toBe('500m');
  });

  it('reads a bare number as GiB for memory keys', () => {
    expect(parseFormQuotaValue('requests.memory', '8')).toBe('8Gi');
    expect(parseFormQuotaValue('memory', '32')).toBe('32Gi');
    expect(parseFormQuotaValue('limits.memory', '1.5')).toBe('1536Mi');
    expect(parseFormQuotaValue('limits.memory', '0.5')).toBe('512Mi');
    expect(parseFormQuotaValue('requests.memory', '1024')).toBe('1Ti');
  });

  it('reads a bare number as GiB for storage keys', () => {
    expect(parseFormQuotaValue('requests.storage', '100')).toBe('100Gi');
    expect(parseFormQuotaValue('requests.ephemeral-storage', '20')).toBe(
      '20Gi',
    );
    expect(parseFormQuotaValue('ephemeral-storage', '2')).toBe('2Gi');
    expect(
      parseFormQuotaValue(
        'gold.storageclass.storage.k8s.io/requests.storage',
        '50',
      ),
    ).toBe('50Gi');
  });

  it('reads a bare number as MiB for GPU memory keys, as a MiB count', () => {
    // HAMi's nvidia.com/gpumem counts MiB: 16384 means 16 GiB of GPU memory.
    expect(parseFormQuotaValue(GPUMEM, '16384')).toBe('16384');
    expect(parseFormQuotaValue('nvidia.com/gpumem', '2048')).toBe('2048');
    expect(parseFormQuotaValue('requests.example.com/gpu-memory', '1000')).toBe(
      '1k',
    );
    expect(parseFormQuotaValue(GPUMEM, '0.5')).toBe('1');
    expect(parseFormQuotaValue(GPUMEM, '1.5')).toBe('2');
  });

  it('converts binary byte suffixes to a MiB count for GPU memory keys', () => {
    expect(parseFormQuotaValue(GPUMEM, '16Gi')).toBe('16384');
    expect(parseFormQuotaValue(GPUMEM, '512Mi')).toBe('512');
    expect(parseFormQuotaValue(GPUMEM, '1.5Gi')).toBe('1536');
    expect(parseFormQuotaValue(GPUMEM, '1000Ki')).toBe('1');
    expect(parseFormQuotaValue(GPUMEM, '1Ti')).toBe('1048576');
  });

  it('passes other suffixed GPU memory values through as MiB counts', () => {
    expect(parseFormQuotaValue(GPUMEM, '16k')).toBe('16k');
  });

  it('reads a bare number as a count for other keys', () => {
    expect(parseFormQuotaValue(GPU, '2')).toBe('2');
    expect(parseFormQuotaValue(MIG, '3')).toBe('3');
    expect(parseFormQuotaValue('pods', '20')).toBe('20');
    expect(parseFormQuotaValue('persistentvolumeclaims', '5')).toBe('5');
    expect(parseFormQuotaValue('count/deployments.apps', '10')).toBe('10');
  });

  it('passes suffixed values through the quantity parser', () => {
    expect(parseFormQuotaValue('requests.cpu', '500m')).toBe('500m');
    expect(parseFormQuotaValue('requests.cpu', '2000m')).toBe('2');
    expect(parseFormQuotaValue('requests.memory', '8Gi')).toBe('8Gi');
    expect(parseFormQuotaValue('requests.memory', '512Mi')).toBe('512Mi');
    expect(parseFormQuotaValue('requests.memory', '8G')).toBe('8G');
    expect(parseFormQuotaValue('requests.storage', '1.5Ti')).toBe('1536Gi');
    expect(parseFormQuotaValue('pods', '1k')).toBe('1k');
  });

  it('gives undefined for blank input', () => {
    expect(parseFormQuotaValue('requests.cpu', '')).toBeUndefined();
    expect(parseFormQuotaValue('requests.memory', '   ')).toBeUndefined();
    expect(parseFormQuotaValue(GPU, undefined)).toBeUndefined();
    expect(parseFormQuotaValue(GPU, null)).toBeUndefined();
  });

  it('trims the input', () => {
    expect(parseFormQuotaValue('requests.memory', ' 8 ')).toBe('8Gi');
  });

  it('rejects malformed values naming the field', () => {
    const error = thrownBy(() =>
      parseFormQuotaValue('requests.memory', '12GB'),
    ) as OcdpInputError;
    expect(error).toBeInstanceOf(OcdpInputError);
    expect(error.field).toBe('quota.requests.memory');
    expect(error.message).toBe(
      'quota.requests.memory: "12GB" is not a valid Kubernetes quantity',
    );
    expect(() => parseFormQuotaValue('requests.cpu', '1,5')).toThrow(
      'quota.requests.cpu: "1,5" is not a valid Kubernetes quantity',
    );
    expect(() => parseFormQuotaValue(GPUMEM, '16 GiB')).toThrow(
      `quota.${GPUMEM}: "16 GiB" is not a valid Kubernetes quantity`,
    );
  });

  it('rejects negative values as typed', () => {
    expect(() => parseFormQuotaValue('requests.memory', '-1')).toThrow(
      'quota.requests.memory: "-1" must not be negative',
    );
    expect(() => parseFormQuotaValue('requests.cpu', '-0.5')).toThrow(
      'quota.requests.cpu: "-0.5" must not be negative',
    );
    expect(() => parseFormQuotaValue(GPUMEM, '-1Gi')).toThrow(
      `quota.${GPUMEM}: "-1Gi" must not be negative`,
    );
  });

  it('uses the given field', () => {
    expect(() => parseFormQuotaValue('pods', 'x', 'form.pods')).toThrow(
      'form.pods: "x" is not a valid Kubernetes quantity',
    );
  });
});

describe('formQuotaToSpec', () => {
  const options = { gpuResourceKeys: GPU_KEYS };

  it('parses every field, then applies the quota semantics', () => {
    expect(
      formQuotaToSpec(
        {
          'requests.cpu': '0.5',
          'requests.memory': '8',
          'limits.cpu': '',
          'limits.memory': '',
          [GPU]: '2',
          [GPUMEM]: '16384',
          [MIG]: '',
          'requests.storage': '100',
          persistentvolumeclaims: '4',
        },
        options,
      ),
    ).toEqual({
      persistentvolumeclaims: '4',
      'requests.cpu': '500m',
      'requests.memory': '8Gi',
      [GPU]: '2',
      [GPUMEM]: '16384',
      [MIG]: '0',
      'requests.storage': '100Gi',
    });
  });

  it('zeroes GPU keys of an empty form for ordinary tenants only', () => {
    expect(formQuotaToSpec({ 'requests.cpu': '' }, options)).toEqual({
      [GPU]: '0',
      [GPUMEM]: '0',
      [MIG]: '0',
    });
    expect(
      formQuotaToSpec({ [GPU]: '' }, { ...options, ordinaryTenant: false }),
    ).toEqual({});
  });

  it('names the field on errors', () => {
    expect(() => formQuotaToSpec({ 'requests.cpu': 'lots' }, options)).toThrow(
      'quota.requests.cpu: "lots" is not a valid Kubernetes quantity',
    );
    expect(() =>
      formQuotaToSpec({ 'requests.cpu': '-1' }, { ...options, field: 'q' }),
    ).toThrow('q.requests.cpu: "-1" must not be negative');
  });

  it('rejects bad keys before reading their value', () => {
    expect(() => formQuotaToSpec({ storage: '10' }, options)).toThrow(
      /^quota\.storage: "storage" is not a valid ResourceQuota key/,
    );
    expect(() =>
      formQuotaToSpec(JSON.parse('{"__proto__": "1"}'), options),
    ).toThrow('quota.__proto__: "__proto__" is not allowed as a quota key');
  });
});
