import { mergeQuotaDefaults } from './defaults';
import { normalizeQuotaSpec } from './normalize';
import { GPU, GPUMEM, GPU_KEYS, MIG } from './testUtils';

const defaults = {
  'requests.cpu': '4',
  'requests.memory': '16Gi',
  [GPU]: '1',
};

describe('mergeQuotaDefaults', () => {
  it('lets given keys win and keeps the other defaults', () => {
    expect(
      mergeQuotaDefaults(defaults, { 'requests.cpu': '8', pods: '10' }),
    ).toEqual({
      'requests.cpu': '8',
      'requests.memory': '16Gi',
      [GPU]: '1',
      pods: '10',
    });
  });

  it('returns the defaults when nothing is given', () => {
    expect(mergeQuotaDefaults(defaults, {})).toEqual(defaults);
  });

  it('keeps a key given blank blank, so the usual rules apply', () => {
    const merged = mergeQuotaDefaults(defaults, {
      'requests.memory': '',
      [GPU]: null,
    });
    expect(merged).toEqual({
      'requests.cpu': '4',
      'requests.memory': '',
      [GPU]: null,
    });
    expect(normalizeQuotaSpec(merged, { gpuResourceKeys: GPU_KEYS })).toEqual({
      'requests.cpu': '4',
      [GPU]: '0',
      [GPUMEM]: '0',
      [MIG]: '0',
    });
  });

  it('drops default GPU keys when the user sets another GPU key', () => {
    const merged = mergeQuotaDefaults(
      defaults,
      { [MIG]: '2' },
      { gpuResourceKeys: GPU_KEYS },
    );
    expect(merged).toEqual({
      'requests.cpu': '4',
      'requests.memory': '16Gi',
      [MIG]: '2',
    });
    expect(normalizeQuotaSpec(merged, { gpuResourceKeys: GPU_KEYS })).toEqual({
      'requests.cpu': '4',
      'requests.memory': '16Gi',
      [GPU]: '0',
      [GPUMEM]: '0',
      [MIG]: '2',
    });
  });

  it('keeps default GPU keys when the user sets no GPU key or only blanks', () => {
    expect(
      mergeQuotaDefaults(
        defaults,
        { [GPUMEM]: '' },
        { gpuResourceKeys: GPU_KEYS },
      ),
    ).toEqual({ ...defaults, [GPUMEM]: '' });
    expect(mergeQuotaDefaults(defaults, { [MIG]: '2' })).toEqual({
      ...defaults,
      [MIG]: '2',
    });
  });

  it('rejects prototype-polluting keys on either side', () => {
    expect(() =>
      mergeQuotaDefaults(
        defaults,
        JSON.parse('{"__proto__": {"polluted": true}}'),
      ),
    ).toThrow('quota.__proto__: "__proto__" is not allowed as a quota key');
    expect(() =>
      mergeQuotaDefaults(JSON.parse('{"constructor": "1"}'), {}),
    ).toThrow(
      'ocdp.quota.defaults.constructor: "constructor" is not allowed as a quota key',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not modify its inputs', () => {
    const given = { 'requests.cpu': '8' };
    const defaultsCopy = { ...defaults };
    mergeQuotaDefaults(defaultsCopy, given);
    expect(defaultsCopy).toEqual(defaults);
    expect(given).toEqual({ 'requests.cpu': '8' });
  });
});
