export { MyQuotas } from './MyQuotas';
export { MyTenantQuotas } from './MyTenantQuotas';
