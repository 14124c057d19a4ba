/* eslint-disable jest/expect-expect -- fc.assert is the assertion in the property tests */
import fc from 'fast-check';
import { OcdpInputError } from '../errors';
import { formatQuantity, parseQuantity } from '../quantity';
import { isValidQuotaKey } from './keys';
import { normalizeQuotaSpec } from './normalize';
import { GPU, GPUMEM, GPU_KEYS, MIG, thrownBy } from './testUtils';

const ordinary = { gpuResourceKeys: GPU_KEYS };
const platform = { gpuResourceKeys: GPU_KEYS, ordinaryTenant: false };

describe('normalizeQuotaSpec', () => {
  describe('values', () => {
    it('writes quantities in canonical form', () => {
      expect(
        normalizeQuotaSpec(
          {
            'requests.cpu': '1000m',
            'limits.cpu': '2500m',
            'requests.memory': '1.5Gi',
            'limits.memory': '1024Mi',
            'requests.storage': '100Gi',
            pods: 10,
            services: '2000m',
          },
          platform,
        ),
      ).toEqual({
        'limits.cpu': '2500m',
        'limits.memory': '1Gi',
        pods: '10',
        'requests.cpu': '1',
        'requests.memory': '1536Mi',
        'requests.storage': '100Gi',
        services: '2',
      });
    });

    it('accepts numbers as quantities', () => {
      expect(
        normalizeQuotaSpec({ 'requests.cpu': 0.5, pods: 20 }, platform),
      ).toEqual({ 'requests.cpu': '500m', pods: '20' });
    });

    it('trims surrounding whitespace', () => {
      expect(
        normalizeQuotaSpec({ 'requests.memory': ' 8Gi ' }, platform),
      ).toEqual({
        'requests.memory': '8Gi',
      });
    });

    it('rejects malformed quantities naming the field', () => {
      const error = thrownBy(() =>
        normalizeQuotaSpec({ 'requests.memory': '12GB' }, ordinary),
      ) as OcdpInputError;
      expect(error).toBeInstanceOf(OcdpInputError);
      expect(error.name).toBe('InputError');
      expect(error.field).toBe('quota.requests.memory');
      expect(error.message).toBe(
        'quota.requests.memory: "12GB" is not a valid Kubernetes quantity',
      );
    });

    it.each([
      [
        'requests.cpu',
        'abc',
        'quota.requests.cpu: "abc" is not a valid Kubernetes quantity',
      ],
      [
        'requests.cpu',
        '1.2.3',
        'quota.requests.cpu: "1.2.3" is not a valid Kubernetes quantity',
      ],
      ['pods', true, 'quota.pods: true is not a valid Kubernetes quantity'],
      [
        'pods',
        Number.NaN,
        'quota.pods: NaN is not a valid Kubernetes quantity',
      ],
      [
        'pods',
        { n: 1 },
        'quota.pods: {"n":1} is not a valid Kubernetes quantity',
      ],
      [
        GPU,
        '2 GPUs',
        `quota.${GPU}: "2 GPUs" is not a valid Kubernetes quantity`,
      ],
    ])('rejects %s = %j', (key, value, message) => {
      expect(() => normalizeQuotaSpec({ [key]: value }, ordinary)).toThrow(
        message,
      );
    });

    it('rejects negative values naming the field', () => {
      expect(() =>
        normalizeQuotaSpec({ 'requests.cpu': '-1' }, ordinary),
      ).toThrow('quota.requests.cpu: "-1" must not be negative');
      expect(() => normalizeQuotaSpec({ [GPU]: -2 }, ordinary)).toThrow(
        `quota.${GPU}: "-2" must not be negative`,
      );
      expect(() =>
        normalizeQuotaSpec({ 'limits.memory': '-500Mi' }, ordinary),
      ).toThrow(OcdpInputError);
    });

    it('accepts zero, including negative zero', () => {
      expect(
        normalizeQuotaSpec({ pods: '0', services: '-0' }, platform),
      ).toEqual({
        pods: '0',
        services: '0',
      });
    });

    it('reports errors under the given field', () => {
      expect(() =>
        normalizeQuotaSpec(
          { 'requests.cpu': 'x' },
          { ...ordinary, field: 'bindings[0].quota' },
        ),
      ).toThrow(
        'bindings[0].quota.requests.cpu: "x" is not a valid Kubernetes quantity',
      );
    });
  });

  describe('keys', () => {
    it.each(['storage', 'gpu', 'foo bar', 'a/b/c', 'Requests.nvidia.com/gpu'])(
      'rejects the key %j',
      key => {
        const error = thrownBy(() =>
          normalizeQuotaSpec({ [key]: '1' }, ordinary),
        ) as OcdpInputError;
        expect(error).toBeInstanceOf(OcdpInputError);
        expect(error.field).toBe(`quota.${key}`);
        expect(error.message).toMatch(
          new RegExp(
            `^quota\\.${key.replace(/[./]/g, '\\$&')}: ${JSON.stringify(
              key,
            ).replace(/[./]/g, '\\$&')} is not a valid ResourceQuota key`,
          ),
        );
      },
    );

    it('rejects a blank-valued bad key too', () => {
      expect(() => normalizeQuotaSpec({ storage: '' }, ordinary)).toThrow(
        /^quota\.storage: "storage" is not a valid ResourceQuota key/,
      );
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'rejects an own %s key from JSON',
      key => {
        const input = JSON.parse(
          `{"requests.cpu": "1", "${key}": {"polluted": "1"}}`,
        );
        expect(Object.keys(input)).toContain(key);
        expect(() => normalizeQuotaSpec(input, ordinary)).toThrow(
          `quota.${key}: "${key}" is not allowed as a quota key`,
        );
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    );

    it('rejects inputs that are not objects', () => {
      for (const input of [null, undefined, 'cpu=1', 5, ['1']]) {
        expect(() =>
          normalizeQuotaSpec(
            input as unknown as Record<string, unknown>,
            ordinary,
          ),
        ).toThrow(
          'quota: must be an object mapping ResourceQuota keys to quantities',
        );
      }
    });

    it('ignores inherited properties', () => {
      const input = Object.create({ 'requests.cpu': '4' });
      input.pods = '3';
      expect(normalizeQuotaSpec(input, platform)).toEqual({ pods: '3' });
    });

    it('rejects invalid configured GPU keys as a configuration error', () => {
      expect(() =>
        normalizeQuotaSpec({}, { gpuResourceKeys: ['nvidia gpu'] }),
      ).toThrow(TypeError);
    });
  });

  describe('blank values', () => {
    it('omits blank CPU and memory keys (unlimited)', () => {
      expect(
        normalizeQuotaSpec(
          {
            cpu: '',
            memory: null,
            'requests.cpu': undefined,
            'requests.memory': '   ',
            'limits.cpu': '',
            'limits.memory': '',
          },
          ordinary,
        ),
      ).toEqual({ [GPU]: '0', [GPUMEM]: '0', [MIG]: '0' });
    });

    it('omits blank non-GPU keys', () => {
      expect(
        normalizeQuotaSpec({ pods: '', 'requests.storage': null }, platform),
      ).toEqual({});
    });

    it('makes blank GPU keys an explicit 0 for ordinary tenants', () => {
      expect(
        normalizeQuotaSpec(
          { [GPU]: '', [GPUMEM]: null, [MIG]: undefined },
          ordinary,
        ),
      ).toEqual({ [GPU]: '0', [GPUMEM]: '0', [MIG]: '0' });
    });

    it('gives ordinary tenants every configured GPU key = 0 when none is given', () => {
      expect(normalizeQuotaSpec({ 'requests.cpu': '8' }, ordinary)).toEqual({
        'requests.cpu': '8',
        [GPU]: '0',
        [GPUMEM]: '0',
        [MIG]: '0',
      });
      expect(normalizeQuotaSpec({}, ordinary)).toEqual({
        [GPU]: '0',
        [GPUMEM]: '0',
        [MIG]: '0',
      });
    });

    it('treats tenants as ordinary by default and when asked', () => {
      expect(
        normalizeQuotaSpec(
          {},
          { gpuResourceKeys: [GPU], ordinaryTenant: true },
        ),
      ).toEqual({ [GPU]: '0' });
    });

    it('omits blank GPU keys for non-ordinary tenants', () => {
      expect(normalizeQuotaSpec({ [GPU]: '', [MIG]: null }, platform)).toEqual(
        {},
      );
      expect(normalizeQuotaSpec({ 'requests.cpu': '64' }, platform)).toEqual({
        'requests.cpu': '64',
      });
    });
  });

  describe('GPU zeroing', () => {
    it('zeroes every configured GPU key not given when one is set', () => {
      expect(normalizeQuotaSpec({ [MIG]: '2' }, ordinary)).toEqual({
        [GPU]: '0',
        [GPUMEM]: '0',
        [MIG]: '2',
      });
      expect(
        normalizeQuotaSpec({ [GPU]: '2', [GPUMEM]: '16384' }, ordinary),
      ).toEqual({
        [GPU]: '2',
        [GPUMEM]: '16384',
        [MIG]: '0',
      });
    });

    it('zeroes only configured keys', () => {
      expect(
        normalizeQuotaSpec({ [GPU]: '1' }, { gpuResourceKeys: [GPU, MIG] }),
      ).toEqual({ [GPU]: '1', [MIG]: '0' });
      expect(
        normalizeQuotaSpec(
          { [GPU]: '1', 'requests.amd.com/gpu': '1' },
          { gpuResourceKeys: [GPU, MIG], ordinaryTenant: false },
        ),
      ).toEqual({ [GPU]: '1', [MIG]: '0', 'requests.amd.com/gpu': '1' });
    });

    it('zeroes the other GPU types for non-ordinary tenants too', () => {
      expect(normalizeQuotaSpec({ [GPU]: 4 }, platform)).toEqual({
        [GPU]: '4',
        [GPUMEM]: '0',
        [MIG]: '0',
      });
      expect(normalizeQuotaSpec({ [GPU]: '4', [MIG]: '' }, platform)).toEqual({
        [GPU]: '4',
        [GPUMEM]: '0',
        [MIG]: '0',
      });
    });

    it('is not triggered by custom non-GPU keys', () => {
      expect(
        normalizeQuotaSpec(
          { 'requests.example.com/fpga': '1', 'count/deployments.apps': '5' },
          platform,
        ),
      ).toEqual({
        'count/deployments.apps': '5',
        'requests.example.com/fpga': '1',
      });
      expect(
        normalizeQuotaSpec({ 'requests.amd.com/gpu': '2' }, platform),
      ).toEqual({
        'requests.amd.com/gpu': '2',
      });
    });

    it('works with no GPU keys configured', () => {
      expect(
        normalizeQuotaSpec({ [GPU]: '1' }, { gpuResourceKeys: [] }),
      ).toEqual({
        [GPU]: '1',
      });
      expect(
        normalizeQuotaSpec({ [GPU]: '' }, { gpuResourceKeys: [] }),
      ).toEqual({});
    });
  });

  describe('result', () => {
    it('is a plain object with sorted keys', () => {
      const result = normalizeQuotaSpec(
        { pods: '1', 'limits.cpu': '1', [MIG]: '1', 'count/pods': '2' },
        ordinary,
      );
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      expect(Object.keys(result)).toEqual([
        'count/pods',
        'limits.cpu',
        'pods',
        GPU,
        GPUMEM,
        MIG,
      ]);
    });

    it('does not modify the input', () => {
      const input = { 'requests.cpu': '1000m', [GPU]: '' };
      normalizeQuotaSpec(input, ordinary);
      expect(input).toEqual({ 'requests.cpu': '1000m', [GPU]: '' });
    });
  });

  describe('properties', () => {
    const keyArb = fc.constantFrom(
      'cpu',
      'requests.cpu',
      'limits.cpu',
      'memory',
      'requests.memory',
      'limits.memory',
      'requests.storage',
      'pods',
      'count/deployments.apps',
      'requests.example.com/fpga',
      'requests.amd.com/gpu',
      GPU,
      GPUMEM,
      MIG,
    );
    const quantityArb = fc
      .tuple(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
        fc.constantFrom(
          '',
          'm',
          'k',
          'M',
          'G',
          'T',
          'Ki',
          'Mi',
          'Gi',
          'Ti',
          'n',
          'u',
          'e3',
          'E-2',
        ),
      )
      .map(([whole, fraction, suffix]) =>
        fraction === undefined
          ? `${whole}${suffix}`
          : `${whole}.${fraction}${suffix}`,
      );
    const valueArb = fc.oneof(
      quantityArb,
      fc.constantFrom(undefined, null, '', '  '),
      fc.nat(),
      fc.double({ min: 0, max: 1e12, noNaN: true }),
    );
    // Keys that count whole things (objects, extended resources) get whole values.
    const wholeKeys = new Set([
      'pods',
      'count/deployments.apps',
      'requests.example.com/fpga',
      'requests.amd.com/gpu',
      GPU,
      GPUMEM,
      MIG,
    ]);
    const isWhole = (value: unknown) => {
      if (typeof value !== 'string' && typeof value !== 'number') {
        return true;
      }
      if (typeof value === 'string' && value.trim() === '') {
        return true;
      }
      return parseQuantity(value).nanos % 1_000_000_000n === 0n;
    };
    const specArb = fc
      .dictionary(keyArb, valueArb, { maxKeys: 8 })
      .filter(spec =>
        Object.entries(spec).every(
          ([key, value]) => !wholeKeys.has(key) || isWhole(value),
        ),
      );
    const optionsArb = fc.record({
      gpuResourceKeys: fc.subarray(GPU_KEYS),
      ordinaryTenant: fc.boolean(),
    });

    it('is idempotent', () => {
      fc.assert(
        fc.property(specArb, optionsArb, (spec, options) => {
          const once = normalizeQuotaSpec(spec, options);
          expect(normalizeQuotaSpec(once, options)).toEqual(once);
        }),
        { numRuns: 500 },
      );
    });

    it('gives valid keys, canonical values and every configured GPU key for ordinary tenants', () => {
      fc.assert(
        fc.property(specArb, optionsArb, (spec, options) => {
          const result = normalizeQuotaSpec(spec, options);
          for (const [key, value] of Object.entries(result)) {
            expect(isValidQuotaKey(key)).toBe(true);
            expect(formatQuantity(parseQuantity(value))).toBe(value);
          }
          const missingGpuKeys = options.gpuResourceKeys.filter(
            key => result[key] === undefined,
          );
          expect(options.ordinaryTenant ? missingGpuKeys : []).toEqual([]);
          const keys = Object.keys(result);
          expect(keys).toEqual([...keys].sort());
        }),
        { numRuns: 300 },
      );
    });

    it('either normalizes or throws an InputError, for any value', () => {
      fc.assert(
        fc.property(
          fc.dictionary(
            fc.oneof(keyArb, fc.string()),
            fc.oneof(valueArb, fc.string(), fc.anything()),
            { maxKeys: 5 },
          ),
          spec => {
            let thrown: unknown = undefined;
            try {
              normalizeQuotaSpec(spec, ordinary);
            } catch (error) {
              thrown = error;
            }
            expect(
              thrown === undefined || thrown instanceof OcdpInputError,
            ).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
