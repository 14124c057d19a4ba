import { GPU_KEYS } from '../../../__testUtils__/fixtures';
import {
  checkBindingForm,
  emptyBindingForm,
  hasBindingErrors,
} from './bindingForm';

describe('checkBindingForm', () => {
  it('builds the request of a complete form, leaving a blank namespace to the backend', () => {
    const form = emptyBindingForm('demo');
    form.quota.fields['requests.cpu'] = '4';
    const checked = checkBindingForm(form, GPU_KEYS);
    expect(hasBindingErrors(checked.errors)).toBe(false);
    expect(checked.input).toEqual({
      cluster: 'demo',
      quota: {
        'requests.cpu': '4',
        'requests.memory': null,
        'requests.storage': null,
        persistentvolumeclaims: null,
        'requests.nvidia.com/gpu': '0',
        'requests.nvidia.com/gpumem': '0',
      },
    });
  });

  it('sends a typed namespace trimmed', () => {
    const form = { ...emptyBindingForm('demo'), namespace: ' vision-a ' };
    expect(checkBindingForm(form, GPU_KEYS).input?.namespace).toBe('vision-a');
  });

  it('names each wrong part and sends nothing', () => {
    const form = emptyBindingForm();
    form.namespace = 'Bad_NS';
    form.quota.fields['requests.memory'] = 'much';
    const checked = checkBindingForm(form, GPU_KEYS);
    expect(checked.input).toBeUndefined();
    expect(checked.errors.cluster).toBe('Choose a cluster');
    expect(checked.errors.namespace).toMatch(/Bad_NS/);
    expect(checked.errors.quota['requests.memory']).toMatch(/much/);
    expect(hasBindingErrors(checked.errors)).toBe(true);
  });
});
