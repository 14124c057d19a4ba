import { quotaFormToInput } from './quotaFormToInput';
import { quotaFormFromSpec } from './quotaFormValues';

const gpuKeys = ['requests.nvidia.com/gpu', 'requests.nvidia.com/gpumem'];

describe('quotaFormToInput', () => {
  it('sends blank CPU and memory as null (unlimited) and blank GPU keys as 0', () => {
    const result = quotaFormToInput(
      {
        fields: {
          'requests.cpu': '',
          'requests.memory': ' ',
          'requests.nvidia.com/gpu': '',
        },
        custom: [],
      },
      gpuKeys,
    );
    expect(result).toEqual({
      quota: {
        'requests.cpu': null,
        'requests.memory': null,
        'requests.storage': null,
        persistentvolumeclaims: null,
        'requests.nvidia.com/gpu': '0',
        'requests.nvidia.com/gpumem': '0',
      },
    });
  });

  it('reads bare numbers in the units of each field', () => {
    const result = quotaFormToInput(
      {
        fields: {
          'requests.cpu': '0.5',
          'requests.memory': '32',
          'requests.storage': '1.5',
          persistentvolumeclaims: '10',
          'requests.nvidia.com/gpu': '2',
          'requests.nvidia.com/gpumem': '16384',
        },
        custom: [{ key: 'count/deployments.apps', value: '5' }],
      },
      gpuKeys,
    );
    expect(result.quota).toEqual({
      'count/deployments.apps': '5',
      persistentvolumeclaims: '10',
      'requests.cpu': '500m',
      'requests.memory': '32Gi',
      'requests.nvidia.com/gpu': '2',
      'requests.nvidia.com/gpumem': '16384',
      'requests.storage': '1536Mi',
    });
  });

  it('reports each bad field under its own key', () => {
    const result = quotaFormToInput(
      {
        fields: { 'requests.cpu': '12GB', 'requests.memory': '-1' },
        custom: [
          { key: 'storage', value: '1' },
          { key: '', value: '3' },
          { key: 'pods', value: 'lots' },
          { key: '', value: '' },
        ],
      },
      gpuKeys,
    );
    expect(Object.keys(result.errors ?? {}).sort()).toEqual([
      'custom.0.key',
      'custom.1.key',
      'custom.2.value',
      'requests.cpu',
      'requests.memory',
    ]);
    expect(result.errors?.['requests.cpu']).toMatch(/12GB/);
    expect(result.errors?.['requests.cpu']).not.toMatch(/^quota\./);
  });

  it('round-trips a stored quota through the form', () => {
    const spec = {
      'requests.cpu': '500m',
      'requests.memory': '32Gi',
      'requests.nvidia.com/gpu': '2',
      'requests.nvidia.com/gpumem': '0',
      pods: '20',
    };
    const form = quotaFormFromSpec(spec, gpuKeys);
    expect(form.fields['requests.memory']).toBe('32');
    expect(form.custom).toEqual([{ key: 'pods', value: '20' }]);
    expect(quotaFormToInput(form, gpuKeys).quota).toEqual({
      ...spec,
      'requests.storage': null,
      persistentvolumeclaims: null,
    });
  });

  it('sends a custom key with a blank quantity as null', () => {
    const result = quotaFormToInput(
      { fields: {}, custom: [{ key: 'pods', value: '' }] },
      gpuKeys,
    );
    expect(result.quota?.pods).toBeNull();
  });
});
