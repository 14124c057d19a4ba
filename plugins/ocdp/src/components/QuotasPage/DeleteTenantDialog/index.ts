export { DeleteTenantDialog } from './DeleteTenantDialog';
