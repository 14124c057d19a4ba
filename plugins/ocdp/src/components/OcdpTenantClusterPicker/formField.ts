import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  OcdpTenantClusterPicker,
  validateTenantCluster,
} from './OcdpTenantClusterPicker';

/** `OcdpTenantClusterPicker` for the new frontend system's scaffolder. */
export const tenantClusterPickerFormField = createFormField({
  name: 'OcdpTenantClusterPicker',
  component: OcdpTenantClusterPicker,
  validation: validateTenantCluster,
});
