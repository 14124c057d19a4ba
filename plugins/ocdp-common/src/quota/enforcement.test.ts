/* eslint-disable jest/expect-expect -- fc.assert is the assertion in the property tests */
import { InputError } from '@backstage/errors';
import fc from 'fast-check';
import { OcdpInputError } from '../errors';
import { formatQuantity, parseQuantity } from '../quantity';
import { formQuotaToSpec } from './form';
import { DEFAULT_GPU_RESOURCE_KEYS } from './keys';
import { normalizeQuotaSpec } from './normalize';
import { GPU, GPUMEM, GPU_KEYS, MIG, thrownBy } from './testUtils';

const ordinary = { gpuResourceKeys: GPU_KEYS };
const platform = { gpuResourceKeys: GPU_KEYS, ordinaryTenant: false };
const noGpuKeys = { gpuResourceKeys: [], ordinaryTenant: false };

function refusal(
  input: Record<string, unknown>,
  options: Parameters<typeof normalizeQuotaSpec>[1] = ordinary,
): OcdpInputError {
  const error = thrownBy(() => normalizeQuotaSpec(input, options));
  expect(error).toBeInstanceOf(OcdpInputError);
  expect(error).toBeInstanceOf(InputError);
  expect(error.name).toBe('InputError');
  return error as OcdpInputError;
}

describe('quota enforcement rules in normalizeQuotaSpec', () => {
  describe('extended resources only count as requests.<name>', () => {
    it.each([
      ['limits.nvidia.com/gpu', 'requests.nvidia.com/gpu'],
      ['limits.nvidia.com/gpumem', 'requests.nvidia.com/gpumem'],
      ['limits.nvidia.com/gpucores', 'requests.nvidia.com/gpucores'],
      ['limits.nvidia.com/mig-1g.10gb', 'requests.nvidia.com/mig-1g.10gb'],
      ['limits.amd.com/gpu', 'requests.amd.com/gpu'],
      ['limits.example.com/fpga', 'requests.example.com/fpga'],
      ['nvidia.com/gpu', 'requests.nvidia.com/gpu'],
      ['nvidia.com/gpumem', 'requests.nvidia.com/gpumem'],
      ['nvidia.com/mig-1g.10gb', 'requests.nvidia.com/mig-1g.10gb'],
      ['amd.com/gpu', 'requests.amd.com/gpu'],
      ['example.com/fpga', 'requests.example.com/fpga'],
      ['hami.io/vgpu', 'requests.hami.io/vgpu'],
    ])('refuses %s and names %s', (key, use) => {
      const error = refusal({ [key]: '1' });
      expect(error.field).toBe(`quota.${key}`);
      expect(error.message).toBe(
        `quota.${key}: Kubernetes only enforces extended resources as ${use}; use that key`,
      );
    });

    it('gives exactly the documented message for limits.nvidia.com/gpu', () => {
      expect(() =>
        normalizeQuotaSpec({ 'limits.nvidia.com/gpu': 2 }, platform),
      ).toThrow(
        'quota.limits.nvidia.com/gpu: Kubernetes only enforces extended resources as requests.nvidia.com/gpu; use that key',
      );
    });

    it('refuses the key even when its value is blank, zero or invalid', () => {
      for (const value of ['', null, undefined, '0', 'lots', '0.5']) {
        expect(
          refusal({ 'limits.nvidia.com/gpu': value }, platform).message,
        ).toMatch(/^quota\.limits\.nvidia\.com\/gpu: Kubernetes only enforces/);
      }
    });

    it('refuses for every kind of tenant and configuration', () => {
      for (const options of [ordinary, platform, noGpuKeys]) {
        expect(refusal({ 'nvidia.com/gpu': '1' }, options).field).toBe(
          'quota.nvidia.com/gpu',
        );
      }
    });

    it('reports under the given field', () => {
      expect(
        refusal(
          { 'requests.cpu': '1', 'limits.nvidia.com/gpu': '1' },
          { ...ordinary, field: 'bindings[0].quota' },
        ).message,
      ).toBe(
        'bindings[0].quota.limits.nvidia.com/gpu: Kubernetes only enforces extended resources as requests.nvidia.com/gpu; use that key',
      );
    });

    it('refuses limits. keys of resources that have no limits. form, naming the key to use', () => {
      expect(refusal({ 'limits.count/pods': '1' }).message).toBe(
        'quota.limits.count/pods: Kubernetes has no limits. form of count/pods, so this key limits nothing; use count/pods',
      );
      expect(
        refusal({
          'limits.gold.storageclass.storage.k8s.io/requests.storage': '1Gi',
        }).message,
      ).toBe(
        'quota.limits.gold.storageclass.storage.k8s.io/requests.storage: Kubernetes has no limits. form of ' +
          'gold.storageclass.storage.k8s.io/requests.storage, so this key limits nothing; ' +
          'use gold.storageclass.storage.k8s.io/requests.storage',
      );
    });

    it.each([
      ['requests.nvidia.com/gpu', '2'],
      ['requests.nvidia.com/gpumem', '16384'],
      ['requests.nvidia.com/mig-1g.10gb', '1'],
      ['requests.example.com/fpga', '3'],
      ['limits.cpu', '4'],
      ['limits.memory', '16Gi'],
      ['limits.ephemeral-storage', '10Gi'],
      ['count/deployments.apps', '5'],
      ['count/pods', '5'],
      ['count/widgets.example.com', '5'],
      ['gold.storageclass.storage.k8s.io/requests.storage', '100Gi'],
      ['gold.storageclass.storage.k8s.io/persistentvolumeclaims', '4'],
      ['fast.volumeattributesclass.storage.k8s.io/persistentvolumeclaims', '4'],
      ['gpu.example.com.deviceclass.resource.k8s.io/devices', '2'],
      ['example.kubernetes.io/thing', '1'],
    ])('accepts the enforced key %s', (key, value) => {
      expect(normalizeQuotaSpec({ [key]: value }, noGpuKeys)).toEqual({
        [key]: value,
      });
    });

    it('exempts keys declared as enforced by something else (HAMi extended ResourceQuota)', () => {
      const hami = {
        ...platform,
        externallyEnforcedKeys: [
          'limits.nvidia.com/gpu',
          'limits.nvidia.com/gpumem',
        ],
      };
      expect(
        normalizeQuotaSpec(
          { 'limits.nvidia.com/gpu': '2', 'limits.nvidia.com/gpumem': '2000' },
          hami,
        ),
      ).toEqual({
        'limits.nvidia.com/gpu': '2',
        'limits.nvidia.com/gpumem': '2k',
      });
      // Only the keys listed.
      expect(refusal({ 'limits.nvidia.com/gpucores': '50' }, hami).field).toBe(
        'quota.limits.nvidia.com/gpucores',
      );
      // Still whole numbers.
      expect(refusal({ 'limits.nvidia.com/gpu': '0.5' }, hami).message).toMatch(
        /^quota\.limits\.nvidia\.com\/gpu: "0\.5" is not a whole number/,
      );
    });

    it('treats configured GPU keys Kubernetes would not enforce as a configuration error', () => {
      for (const key of ['limits.nvidia.com/gpu', 'nvidia.com/gpu']) {
        expect(() =>
          normalizeQuotaSpec({}, { gpuResourceKeys: [GPU, key] }),
        ).toThrow(TypeError);
        expect(() =>
          normalizeQuotaSpec({}, { gpuResourceKeys: [key] }),
        ).toThrow(
          `ocdp.quota.gpuResourceKeys: ${JSON.stringify(
            key,
          )}: Kubernetes only enforces extended resources as requests.nvidia.com/gpu; use that key`,
        );
      }
      expect(
        normalizeQuotaSpec(
          {},
          {
            gpuResourceKeys: ['limits.nvidia.com/gpu'],
            externallyEnforcedKeys: ['limits.nvidia.com/gpu'],
          },
        ),
      ).toEqual({ 'limits.nvidia.com/gpu': '0' });
    });

    it('is what formQuotaToSpec refuses too', () => {
      expect(() =>
        formQuotaToSpec({ 'limits.nvidia.com/gpumem': '2048' }, ordinary),
      ).toThrow(
        'quota.limits.nvidia.com/gpumem: Kubernetes only enforces extended resources as requests.nvidia.com/gpumem; use that key',
      );
    });

    it('refuses limits.<d>/<n> and <d>/<n> and accepts requests.<d>/<n> for any extended resource name', () => {
      const label = fc
        .stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/)
        .filter(s => !s.endsWith('-') && !s.startsWith('-'));
      const domainArb = fc
        .array(label, { minLength: 2, maxLength: 4 })
        .map(parts => parts.join('.'))
        .filter(
          d =>
            !d.endsWith('k8s.io') &&
            !d.endsWith('kubernetes.io') &&
            !d.startsWith('requests.') &&
            !d.startsWith('limits.'),
        );
      const nameArb = fc.stringMatching(
        /^[a-z0-9]([a-z0-9._-]{0,20}[a-z0-9])?$/,
      );
      fc.assert(
        fc.property(domainArb, nameArb, fc.nat(64), (domain, name, n) => {
          const resource = `${domain}/${name}`;
          expect(
            normalizeQuotaSpec(
              { [`requests.${resource}`]: String(n) },
              noGpuKeys,
            ),
          ).toEqual({ [`requests.${resource}`]: String(n) });
          for (const key of [`limits.${resource}`, resource]) {
            expect(refusal({ [key]: String(n) }, noGpuKeys).message).toBe(
              `quota.${key}: Kubernetes only enforces extended resources as requests.${resource}; use that key`,
            );
          }
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('whole numbers for counts and extended resources', () => {
    const gpuWhy =
      'pods can only request GPUs and other extended resources in whole units';
    it.each([
      [
        GPU,
        '0.5',
        `"0.5" is not a whole number; ${gpuWhy}, so this quota allows only 0 — use a whole number such as 0 or 1`,
      ],
      [
        GPU,
        '500m',
        `"500m" is not a whole number; ${gpuWhy}, so this quota allows only 0 — use a whole number such as 0 or 1`,
      ],
      [
        GPU,
        0.5,
        `"0.5" is not a whole number; ${gpuWhy}, so this quota allows only 0 — use a whole number such as 0 or 1`,
      ],
      [
        GPU,
        ' 2.5 ',
        `"2.5" is not a whole number; ${gpuWhy}, so this quota allows only 2 — use a whole number such as 2 or 3`,
      ],
      [
        MIG,
        '1500m',
        `"1500m" is not a whole number; ${gpuWhy}, so this quota allows only 1 — use a whole number such as 1 or 2`,
      ],
      [
        GPUMEM,
        '1024.5',
        '"1024.5" is not a whole number; HAMi counts GPU memory in whole MiB and pods request it ' +
          'in whole units, so this quota allows only 1024 — use a whole number such as 1024 or 1025',
      ],
      [
        'requests.example.com/fpga',
        '1n',
        `"1n" is not a whole number; ${gpuWhy}, so this quota allows only 0 — use a whole number such as 0 or 1`,
      ],
      [
        'pods',
        '2.5',
        '"2.5" is not a whole number; Kubernetes counts objects one by one, so this quota allows ' +
          'only 2 — use a whole number such as 2 or 3',
      ],
      [
        'count/deployments.apps',
        '500m',
        '"500m" is not a whole number; Kubernetes counts objects one by one, so this quota allows ' +
          'only 0 — use a whole number such as 0 or 1',
      ],
    ])('refuses %s = %j', (key, value, detail) => {
      const error = refusal({ [key]: value }, platform);
      expect(error.field).toBe(`quota.${key}`);
      expect(error.message).toBe(`quota.${key}: ${detail}`);
    });

    it.each([
      'pods',
      'services',
      'services.loadbalancers',
      'services.nodeports',
      'persistentvolumeclaims',
      'configmaps',
      'secrets',
      'replicationcontrollers',
      'resourcequotas',
      'count/pods',
      'count/jobs.batch',
      'count/widgets.example.com',
      'gold.storageclass.storage.k8s.io/persistentvolumeclaims',
      'fast.volumeattributesclass.storage.k8s.io/persistentvolumeclaims',
      'gpu.example.com.deviceclass.resource.k8s.io/devices',
    ])('refuses a fractional object count for %s', key => {
      for (const value of ['0.5', '1.5', '100m', '1001m', 2.25]) {
        const error = refusal({ [key]: value }, platform);
        expect(error.field).toBe(`quota.${key}`);
        expect(error.message).toMatch(
          /is not a whole number; Kubernetes counts objects one by one/,
        );
      }
      expect(normalizeQuotaSpec({ [key]: '3' }, platform)).toEqual({
        [key]: '3',
      });
    });

    it.each([
      GPU,
      GPUMEM,
      MIG,
      'requests.nvidia.com/gpucores',
      'requests.amd.com/gpu',
      'requests.example.com/fpga',
    ])('refuses a fractional extended resource for %s', key => {
      for (const value of ['0.5', '500m', '1.000000001', 0.1]) {
        expect(refusal({ [key]: value }, platform).message).toMatch(
          new RegExp(
            `^quota\\.${key.replace(
              /[./]/g,
              '\\$&',
            )}: "[^"]+" is not a whole number;`,
          ),
        );
      }
    });

    it('accepts whole values written with any suffix or exponent', () => {
      expect(
        normalizeQuotaSpec(
          {
            [GPU]: '2000m',
            [GPUMEM]: '16Ki',
            [MIG]: '1e1',
            pods: '1.5k',
            services: 0,
            'count/deployments.apps': '5000000000n',
            secrets: '-0',
          },
          platform,
        ),
      ).toEqual({
        [GPU]: '2',
        [GPUMEM]: '16Ki',
        [MIG]: '10',
        pods: '1500',
        services: '0',
        'count/deployments.apps': '5',
        secrets: '0',
      });
    });

    it('keeps CPU, memory and storage fractional quantities', () => {
      const spec = {
        cpu: '250m',
        'requests.cpu': 0.5,
        'limits.cpu': '1.5',
        memory: '1.5Gi',
        'requests.memory': '512.5Mi',
        'limits.memory': '0.5Gi',
        'requests.storage': '1.5Ti',
        'ephemeral-storage': '2.5Gi',
        'requests.ephemeral-storage': '0.5Gi',
        'limits.ephemeral-storage': '1.5Gi',
        'hugepages-2Mi': '1.5Gi',
        'requests.hugepages-1Gi': '0.5Ti',
        'gold.storageclass.storage.k8s.io/requests.storage': '1.5Gi',
      };
      const result = normalizeQuotaSpec(spec, platform);
      expect(result).toEqual({
        cpu: '250m',
        'requests.cpu': '500m',
        'limits.cpu': '1500m',
        memory: '1536Mi',
        'requests.memory': '524800Ki',
        'limits.memory': '512Mi',
        'requests.storage': '1536Gi',
        'ephemeral-storage': '2560Mi',
        'requests.ephemeral-storage': '512Mi',
        'limits.ephemeral-storage': '1536Mi',
        'hugepages-2Mi': '1536Mi',
        'requests.hugepages-1Gi': '512Gi',
        'gold.storageclass.storage.k8s.io/requests.storage': '1536Mi',
      });
    });

    it('reads GPU counts typed in the form as counts, and rounds GPU memory up to whole MiB', () => {
      expect(() => formQuotaToSpec({ [GPU]: '0.5' }, ordinary)).toThrow(
        `quota.${GPU}: "500m" is not a whole number; ${gpuWhy}`,
      );
      expect(formQuotaToSpec({ [GPUMEM]: '0.5' }, ordinary)).toEqual({
        [GPU]: '0',
        [GPUMEM]: '1',
        [MIG]: '0',
      });
      expect(() => formQuotaToSpec({ pods: '2.5' }, ordinary)).toThrow(
        'quota.pods: "2500m" is not a whole number',
      );
    });

    const wholeKeyArb = fc.constantFrom(
      GPU,
      GPUMEM,
      MIG,
      'requests.example.com/fpga',
      'pods',
      'services',
      'count/deployments.apps',
      'persistentvolumeclaims',
    );
    const decimalSuffixArb = fc.constantFrom(
      { suffix: '', exponent: 0 },
      { suffix: 'm', exponent: -3 },
      { suffix: 'u', exponent: -6 },
      { suffix: 'n', exponent: -9 },
      { suffix: 'k', exponent: 3 },
      { suffix: 'M', exponent: 6 },
      { suffix: 'e-2', exponent: -2 },
      { suffix: 'E2', exponent: 2 },
    );

    it('refuses exactly the fractional values of counted keys (property)', () => {
      fc.assert(
        fc.property(
          wholeKeyArb,
          fc.bigInt({ min: 0n, max: 10n ** 12n }),
          decimalSuffixArb,
          (key, digits, { suffix, exponent }) => {
            const text = `${digits}${suffix}`;
            const nanos = parseQuantity(text).nanos;
            let thrown: unknown;
            let result: Record<string, string> | undefined;
            try {
              result = normalizeQuotaSpec({ [key]: text }, noGpuKeys);
            } catch (error) {
              thrown = error;
            }
            const whole =
              exponent >= 0 || digits % 10n ** BigInt(-exponent) === 0n;
            expect(nanos % 1_000_000_000n === 0n).toBe(whole);
            const floor = nanos / 1_000_000_000n;
            const outcome = {
              result,
              isInputError: thrown instanceof OcdpInputError,
              field: (thrown as OcdpInputError | undefined)?.field,
              notWhole: Boolean(
                (thrown as Error | undefined)?.message.includes(
                  ' is not a whole number; ',
                ),
              ),
              message: (thrown as Error | undefined)?.message,
            };
            const { message, ...rest } = outcome;
            expect(rest).toEqual(
              whole
                ? {
                    result: { [key]: formatQuantity(parseQuantity(text)) },
                    isInputError: false,
                    field: undefined,
                    notWhole: false,
                  }
                : {
                    result: undefined,
                    isInputError: true,
                    field: `quota.${key}`,
                    notWhole: true,
                  },
            );
            expect(message ?? '').toContain(
              whole
                ? ''
                : `so this quota allows only ${floor} — use a whole number such as ${floor} or ${
                    floor + 1n
                  }`,
            );
          },
        ),
        { numRuns: 500 },
      );
    });

    it('never refuses a non-negative CPU or memory quantity (property)', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(
            'cpu',
            'requests.cpu',
            'limits.cpu',
            'memory',
            'requests.memory',
            'limits.memory',
            'requests.storage',
          ),
          fc.bigInt({ min: 0n, max: 10n ** 12n }),
          fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }),
          fc.constantFrom('', 'm', 'n', 'k', 'Mi', 'Gi', 'e-3'),
          (key, whole, fraction, suffix) => {
            const text =
              fraction === undefined
                ? `${whole}${suffix}`
                : `${whole}.${fraction}${suffix}`;
            expect(normalizeQuotaSpec({ [key]: text }, noGpuKeys)).toEqual({
              [key]: formatQuantity(parseQuantity(text)),
            });
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('valid specs', () => {
    it('leaves a typical canonical spec unchanged', () => {
      const spec = {
        'count/deployments.apps': '20',
        'limits.cpu': '32',
        'limits.memory': '128Gi',
        persistentvolumeclaims: '10',
        pods: '50',
        'requests.cpu': '16',
        'requests.memory': '64Gi',
        [GPU]: '8',
        [GPUMEM]: '163840',
        [MIG]: '0',
        'requests.storage': '500Gi',
        services: '10',
      };
      expect(normalizeQuotaSpec(spec, ordinary)).toEqual(spec);
      expect(normalizeQuotaSpec(spec, platform)).toEqual(spec);
    });

    it('accepts the app-config example quotas', () => {
      expect(
        normalizeQuotaSpec(
          {
            'requests.cpu': '64',
            'requests.memory': '512Gi',
            [GPU]: '8',
            [GPUMEM]: '163840',
          },
          ordinary,
        ),
      ).toEqual({
        'requests.cpu': '64',
        'requests.memory': '512Gi',
        [GPU]: '8',
        [GPUMEM]: '163840',
        [MIG]: '0',
      });
    });

    it('accepts the default GPU keys as configuration', () => {
      expect(
        normalizeQuotaSpec({}, { gpuResourceKeys: DEFAULT_GPU_RESOURCE_KEYS }),
      ).toEqual({ [GPU]: '0', [GPUMEM]: '0' });
    });
  });
});

describe('DEFAULT_GPU_RESOURCE_KEYS', () => {
  it('is the frozen GPU count and HAMi GPU memory keys, in the requests. form', () => {
    expect(DEFAULT_GPU_RESOURCE_KEYS).toEqual([GPU, GPUMEM]);
    expect(Object.isFrozen(DEFAULT_GPU_RESOURCE_KEYS)).toBe(true);
  });
});
