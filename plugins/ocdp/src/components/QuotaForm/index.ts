export { QuotaForm } from './QuotaForm';
export { quotaFormToInput } from './quotaFormToInput';
export type { QuotaFormErrors, QuotaFormResult } from './quotaFormToInput';
export { quotaFormErrors, quotaFormWarnings } from './quotaFormChecks';
export type { QuotaFormMessages } from './quotaFormChecks';
export { emptyQuotaForm, quotaFormFromSpec } from './quotaFormValues';
export type { QuotaFormValues } from './quotaFormValues';
