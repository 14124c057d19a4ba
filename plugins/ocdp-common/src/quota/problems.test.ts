/* eslint-disable jest/expect-expect -- fc.assert is the assertion in the property tests */
import fc from 'fast-check';
import { OcdpInputError } from '../errors';
import { normalizeQuotaSpec } from './normalize';
import { quotaKeyProblems } from './problems';
import { GPU, GPUMEM, MIG } from './testUtils';

const LIMITS_GPU_MESSAGE =
  'quota.limits.nvidia.com/gpu: Kubernetes only enforces extended resources as requests.nvidia.com/gpu; use that key';

describe('quotaKeyProblems', () => {
  it('finds nothing wrong with good entries', () => {
    for (const [key, value] of [
      ['requests.cpu', '500m'],
      ['limits.cpu', 0.5],
      ['requests.memory', '1.5Gi'],
      [GPU, '2'],
      [GPUMEM, 16384],
      [MIG, '0'],
      ['pods', '1.5k'],
      ['count/deployments.apps', '3'],
      [GPU, ''],
      [GPU, null],
      ['pods', undefined],
    ] as Array<[string, unknown]>) {
      expect(quotaKeyProblems(key, value)).toEqual([]);
    }
  });

  it('reports an unenforced key with field, message and detail', () => {
    expect(quotaKeyProblems('limits.nvidia.com/gpu', '1')).toEqual([
      {
        field: 'quota.limits.nvidia.com/gpu',
        message: LIMITS_GPU_MESSAGE,
        detail:
          'Kubernetes only enforces extended resources as requests.nvidia.com/gpu; use that key',
      },
    ]);
    expect(quotaKeyProblems('nvidia.com/gpumem', '')).toEqual([
      {
        field: 'quota.nvidia.com/gpumem',
        message:
          'quota.nvidia.com/gpumem: Kubernetes only enforces extended resources as requests.nvidia.com/gpumem; use that key',
        detail:
          'Kubernetes only enforces extended resources as requests.nvidia.com/gpumem; use that key',
      },
    ]);
  });

  it('reports the key problem first, then the value problem', () => {
    expect(
      quotaKeyProblems('limits.nvidia.com/gpu', '0.5').map(p => p.message),
    ).toEqual([
      LIMITS_GPU_MESSAGE,
      'quota.limits.nvidia.com/gpu: "0.5" is not a whole number; pods can only request GPUs ' +
        'and other extended resources in whole units, so this quota allows only 0 — use a ' +
        'whole number such as 0 or 1',
    ]);
  });

  it('reports fractional counts and extended resources', () => {
    expect(quotaKeyProblems(GPU, '500m').map(p => p.message)).toEqual([
      `quota.${GPU}: "500m" is not a whole number; pods can only request GPUs and other ` +
        'extended resources in whole units, so this quota allows only 0 — use a whole number ' +
        'such as 0 or 1',
    ]);
    expect(quotaKeyProblems('pods', 2.5).map(p => p.detail)).toEqual([
      '"2.5" is not a whole number; Kubernetes counts objects one by one, so this quota allows ' +
        'only 2 — use a whole number such as 2 or 3',
    ]);
  });

  it('reports invalid keys, unsafe keys, bad and negative quantities', () => {
    expect(quotaKeyProblems('gpu', '1').map(p => p.message)).toEqual([
      expect.stringMatching(
        /^quota\.gpu: "gpu" is not a valid ResourceQuota key/,
      ),
    ]);
    expect(quotaKeyProblems('__proto__', '1')).toEqual([
      {
        field: 'quota.__proto__',
        message: 'quota.__proto__: "__proto__" is not allowed as a quota key',
        detail: '"__proto__" is not allowed as a quota key',
      },
    ]);
    expect(quotaKeyProblems('requests.memory', '12GB')).toEqual([
      {
        field: 'quota.requests.memory',
        message:
          'quota.requests.memory: "12GB" is not a valid Kubernetes quantity',
        detail: '"12GB" is not a valid Kubernetes quantity',
      },
    ]);
    expect(quotaKeyProblems('requests.cpu', '-1').map(p => p.message)).toEqual([
      'quota.requests.cpu: "-1" must not be negative',
    ]);
  });

  it('reports under the given field', () => {
    expect(
      quotaKeyProblems('limits.nvidia.com/gpu', '1', {
        field: 'bindings[0].quota',
      })[0].field,
    ).toBe('bindings[0].quota.limits.nvidia.com/gpu');
  });

  it('honours externally enforced keys', () => {
    expect(
      quotaKeyProblems('limits.nvidia.com/gpumem', '2000', {
        externallyEnforcedKeys: ['limits.nvidia.com/gpumem'],
      }),
    ).toEqual([]);
  });

  describe('form values', () => {
    it('reads form text as the form does', () => {
      const form = { form: true };
      expect(quotaKeyProblems('requests.cpu', '0.5', form)).toEqual([]);
      expect(quotaKeyProblems('requests.memory', '1.5', form)).toEqual([]);
      // GPU memory typed in MiB is rounded up to a whole MiB by the form.
      expect(quotaKeyProblems(GPUMEM, '0.5', form)).toEqual([]);
      expect(quotaKeyProblems(GPUMEM, '16Gi', form)).toEqual([]);
      expect(quotaKeyProblems(GPU, ' 0.5 ', form).map(p => p.detail)).toEqual([
        '"0.5" is not a whole number; pods can only request GPUs and other extended resources ' +
          'in whole units, so this quota allows only 0 — use a whole number such as 0 or 1',
      ]);
      expect(quotaKeyProblems('pods', '2.5', form)).toHaveLength(1);
      expect(
        quotaKeyProblems('requests.cpu', 'x', form).map(p => p.message),
      ).toEqual(['quota.requests.cpu: "x" is not a valid Kubernetes quantity']);
    });
  });

  it('agrees with normalizeQuotaSpec on every single-key spec (property)', () => {
    const keyArb = fc.oneof(
      fc.constantFrom(
        'cpu',
        'requests.cpu',
        'limits.cpu',
        'limits.memory',
        'requests.storage',
        'pods',
        'services',
        'count/deployments.apps',
        GPU,
        GPUMEM,
        MIG,
        'limits.nvidia.com/gpu',
        'limits.nvidia.com/gpumem',
        'nvidia.com/gpu',
        'limits.count/pods',
        'gold.storageclass.storage.k8s.io/persistentvolumeclaims',
        'gpu',
        'storage',
      ),
      fc.string({ maxLength: 12 }),
    );
    const valueArb = fc.oneof(
      fc.constantFrom(
        '',
        null,
        undefined,
        '0.5',
        '500m',
        '2',
        '1.5Gi',
        '-1',
        'x',
      ),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.nat(),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(keyArb, valueArb, (key, value) => {
        const problems = quotaKeyProblems(key, value);
        let thrown: unknown;
        try {
          normalizeQuotaSpec(
            { [key]: value },
            { gpuResourceKeys: [], ordinaryTenant: false },
          );
        } catch (error) {
          thrown = error;
        }
        expect(thrown === undefined || thrown instanceof OcdpInputError).toBe(
          true,
        );
        // The first problem is exactly the refusal; no problems when nothing is refused.
        expect(problems[0]).toEqual(
          thrown === undefined
            ? undefined
            : {
                field: (thrown as OcdpInputError).field,
                message: (thrown as Error).message,
                detail: (thrown as Error).message.slice(
                  (thrown as OcdpInputError).field.length + 2,
                ),
              },
        );
      }),
      { numRuns: 1000 },
    );
  });
});
