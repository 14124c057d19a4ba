export { QuotaForm } from './QuotaForm';
export { quotaFormToInput } from './quotaFormToInput';
export type { QuotaFormErrors, QuotaFormResult } from './quotaFormToInput';
export { emptyQuotaForm, quotaFormFromSpec } from './quotaFormValues';
export type { QuotaFormValues } from './quotaFormValues';
