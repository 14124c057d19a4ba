export { TenantOwner, TenantSubheader } from './TenantOwner';
