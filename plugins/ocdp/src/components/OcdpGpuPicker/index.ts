export { OcdpGpuPicker, validateGpu } from './OcdpGpuPicker';
export type { OcdpGpuValue, OcdpGpuPickerOptions } from './OcdpGpuPicker';
