export { TenantUsagePanel } from './TenantUsagePanel';
export { QuotaUsageBar } from './QuotaUsageBar';
