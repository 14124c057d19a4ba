import { quotaFormErrors, quotaFormWarnings } from './quotaFormChecks';
import { quotaFormToInput } from './quotaFormToInput';
import { QuotaFormValues } from './quotaFormValues';

const gpuKeys = ['requests.nvidia.com/gpu', 'requests.nvidia.com/gpumem'];

const custom = (...rows: Array<[string, string]>): QuotaFormValues => ({
  fields: {},
  custom: rows.map(([key, value]) => ({ key, value })),
});

describe('quotaFormErrors', () => {
  it('finds nothing wrong with a blank or ordinary form', () => {
    expect(quotaFormErrors({ fields: {}, custom: [] })).toEqual({});
    expect(
      quotaFormErrors({
        fields: {
          'requests.cpu': '0.5',
          'requests.memory': '1.5',
          'requests.nvidia.com/gpu': '2',
          'requests.nvidia.com/gpumem': '0.5',
        },
        custom: [
          { key: 'pods', value: '20' },
          { key: 'limits.cpu', value: '4' },
          { key: '', value: '' },
        ],
      }),
    ).toEqual({});
  });

  it.each([
    ['limits.nvidia.com/gpu', 'requests.nvidia.com/gpu'],
    ['nvidia.com/gpu', 'requests.nvidia.com/gpu'],
    ['limits.nvidia.com/gpumem', 'requests.nvidia.com/gpumem'],
    ['amd.com/gpu', 'requests.amd.com/gpu'],
  ])('refuses the key %s on the key field and names %s', (key, use) => {
    const errors = quotaFormErrors(custom([key, '1']));
    expect(errors).toEqual({
      'custom.0.key': `Kubernetes only enforces extended resources as ${use}; use that key`,
    });
  });

  it('refuses an unenforced key even with a blank value', () => {
    expect(quotaFormErrors(custom(['nvidia.com/gpu', '']))).toEqual({
      'custom.0.key':
        'Kubernetes only enforces extended resources as requests.nvidia.com/gpu; use that key',
    });
  });

  it('refuses a fractional GPU count on its field', () => {
    const errors = quotaFormErrors({
      fields: { 'requests.nvidia.com/gpu': '1.5' },
      custom: [],
    });
    expect(Object.keys(errors)).toEqual(['requests.nvidia.com/gpu']);
    expect(errors['requests.nvidia.com/gpu']).toMatch(
      /^"1\.5" is not a whole number; .*allows only 1 — use a whole number such as 1 or 2$/,
    );
  });

  it.each([
    'pods',
    'count/deployments.apps',
    'services',
    'services.loadbalancers',
    'configmaps',
    'secrets',
    'replicationcontrollers',
    'resourcequotas',
    'requests.example.com/fpga',
  ])('refuses a fractional value of %s on the value field', key => {
    const errors = quotaFormErrors(custom([key, '2.5']));
    expect(Object.keys(errors)).toEqual(['custom.0.value']);
    expect(errors['custom.0.value']).toMatch(/"2\.5" is not a whole number/);
  });

  it('refuses a fractional PVC count in its fixed field', () => {
    expect(
      quotaFormErrors({ fields: { persistentvolumeclaims: '0.5' }, custom: [] })
        .persistentvolumeclaims,
    ).toMatch(/whole number/);
  });

  it('reports key and value of one row separately', () => {
    expect(
      Object.keys(quotaFormErrors(custom(['limits.example.com/fpga', 'x']))),
    ).toEqual(['custom.0.key', 'custom.0.value']);
  });

  it('keeps the messages for missing, invalid and repeated keys', () => {
    expect(
      quotaFormErrors(
        custom(['', '3'], ['storage', '1'], ['pods', '2'], ['pods', '3']),
      ),
    ).toEqual({
      'custom.0.key': 'Enter a ResourceQuota key',
      'custom.1.key': '"storage" is not a valid ResourceQuota key',
      'custom.3.key': '"pods" is already set above',
    });
  });

  it('blocks quotaFormToInput', () => {
    const result = quotaFormToInput(
      {
        fields: { 'requests.nvidia.com/gpu': '0.5' },
        custom: [{ key: 'limits.nvidia.com/gpu', value: '1' }],
      },
      gpuKeys,
    );
    expect(result.quota).toBeUndefined();
    expect(Object.keys(result.errors ?? {}).sort()).toEqual([
      'custom.0.key',
      'requests.nvidia.com/gpu',
    ]);
  });
});

describe('quotaFormWarnings', () => {
  it('warns on the limits.cpu row when it is below requests.cpu, in form units', () => {
    const warnings = quotaFormWarnings({
      fields: { 'requests.cpu': '8' },
      custom: [{ key: 'limits.cpu', value: '4' }],
    });
    expect(Object.keys(warnings)).toEqual(['custom.0.value']);
    expect(warnings['custom.0.value']).toMatch(
      /^4 is below requests\.cpu 8; .*raise limits\.cpu to at least 8/,
    );
  });

  it('reads memory in GiB as the form does', () => {
    expect(
      quotaFormWarnings({
        fields: { 'requests.memory': '32' },
        custom: [{ key: 'limits.memory', value: '16' }],
      })['custom.0.value'],
    ).toMatch(/^16Gi is below requests\.memory 32Gi/);
    expect(
      quotaFormWarnings({
        fields: { 'requests.memory': '32' },
        custom: [{ key: 'limits.memory', value: '32' }],
      }),
    ).toEqual({});
  });

  it('does not warn without both sides, or when a side does not parse', () => {
    expect(quotaFormWarnings(custom(['limits.cpu', '1']))).toEqual({});
    expect(
      quotaFormWarnings({
        fields: { 'requests.cpu': 'lots' },
        custom: [{ key: 'limits.cpu', value: '1' }],
      }),
    ).toEqual({});
  });

  it('does not block sending', () => {
    const result = quotaFormToInput(
      {
        fields: { 'requests.cpu': '8' },
        custom: [{ key: 'limits.cpu', value: '4' }],
      },
      gpuKeys,
    );
    expect(result.errors).toBeUndefined();
    expect(result.quota?.['limits.cpu']).toBe('4');
  });
});
