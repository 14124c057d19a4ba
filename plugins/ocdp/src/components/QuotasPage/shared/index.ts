export { ClusterBindingFields } from './ClusterBindingFields';
export { DialogButtons } from './DialogButtons';
export { DialogError } from './DialogError';
export {
  checkBindingForm,
  emptyBindingForm,
  hasBindingErrors,
} from './bindingForm';
export type {
  BindingFormErrors,
  BindingFormValues,
  BindingInput,
} from './bindingForm';
