export { CreateTenantDialog } from './CreateTenantDialog';
