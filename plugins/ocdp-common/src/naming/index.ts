export { isDnsLabel } from './dnsLabel';
export { validateTenantName, validateNamespaceName } from './validate';
export {
  isProtectedNamespace,
  BUILT_IN_PROTECTED_NAMESPACES,
} from './protected';
export {
  personalNamespaceFor,
  personalTenantNameFor,
  DEFAULT_PERSONAL_NAMESPACE_PREFIX,
  DEFAULT_PERSONAL_TENANT_PREFIX,
} from './personal';
