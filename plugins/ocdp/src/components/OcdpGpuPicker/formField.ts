import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { OcdpGpuPicker, validateGpu } from './OcdpGpuPicker';

/** `OcdpGpuPicker` for the new frontend system's scaffolder. */
export const gpuPickerFormField = createFormField({
  name: 'OcdpGpuPicker',
  component: OcdpGpuPicker,
  validation: validateGpu,
});
