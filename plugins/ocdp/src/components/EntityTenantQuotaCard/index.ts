export { EntityTenantQuotaCard } from './EntityTenantQuotaCard';
