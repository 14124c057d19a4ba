export { AdminTenantsTable } from './AdminTenantsTable';
