export { MyTenantQuotas } from './MyTenantQuotas';
