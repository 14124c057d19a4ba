export {
  OcdpTenantClusterPicker,
  validateTenantCluster,
} from './OcdpTenantClusterPicker';
export type { OcdpTenantClusterValue } from './OcdpTenantClusterPicker';
