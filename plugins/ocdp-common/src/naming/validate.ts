import { OcdpInputError } from '../errors';
import { isDnsLabel } from './dnsLabel';

const DNS_LABEL_RULE =
  'must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)';

function validateDnsLabel(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new OcdpInputError(
      field,
      `${
        value === undefined || value === null ? 'is required and' : ''
      } ${DNS_LABEL_RULE}`.trim(),
    );
  }
  if (!isDnsLabel(value)) {
    throw new OcdpInputError(
      field,
      `${JSON.stringify(value)} ${DNS_LABEL_RULE}`,
    );
  }
  return value;
}

/**
 * Checks a tenant name (a DNS-1123 label) and returns it.
 *
 * @throws OcdpInputError (HTTP 400) naming `field`, e.g.
 *   `name: "Foo_1" must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)`
 * @public
 */
export function validateTenantName(name: unknown, field = 'name'): string {
  return validateDnsLabel(name, field);
}

/**
 * Checks a Kubernetes namespace name (a DNS-1123 label) and returns it. Whether the namespace is
 * protected is a separate question: see `isProtectedNamespace`.
 *
 * @throws OcdpInputError (HTTP 400) naming `field`, e.g.
 *   `namespace: "Foo_1" must be a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)`
 * @public
 */
export function validateNamespaceName(
  namespace: unknown,
  field = 'namespace',
): string {
  return validateDnsLabel(namespace, field);
}
