export { EditQuotaDialog } from './EditQuotaDialog';
export { editedBindingFromUsage } from './editedBinding';
export type { EditedBinding } from './editedBinding';
