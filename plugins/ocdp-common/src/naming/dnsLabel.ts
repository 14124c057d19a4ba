/** Longest DNS-1123 label (namespace, tenant name). */
export const DNS_LABEL_MAX_LENGTH = 63;

const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Whether `name` is an RFC 1123 DNS label as Kubernetes requires for namespace names:
 * lowercase letters, digits and `-`, starting and ending with a letter or digit, at most 63
 * characters.
 *
 * @public
 */
export function isDnsLabel(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length <= DNS_LABEL_MAX_LENGTH &&
    DNS_LABEL_PATTERN.test(name)
  );
}
