/** Namespaces OCDP never creates, patches or deletes, whatever the configuration says. @public */
export const BUILT_IN_PROTECTED_NAMESPACES: readonly string[] = Object.freeze([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
]);

function matchesEntry(namespace: string, rawEntry: string): boolean {
  const entry = rawEntry.trim();
  if (!entry) {
    return false;
  }
  if (entry.endsWith('*')) {
    return namespace.startsWith(entry.slice(0, -1));
  }
  return namespace === entry;
}

/**
 * Whether OCDP must refuse (HTTP 403) to create, patch or delete the namespace: `default`,
 * `kube-system`, `kube-public`, `kube-node-lease`, anything starting with `kube-` (but not
 * `kubeflow`), and the configured `extra` entries. An extra entry is an exact name, or a prefix
 * followed by a single trailing `*` (`gpu-operator*`, `istio-*`); blank entries are ignored.
 *
 * @public
 */
export function isProtectedNamespace(
  namespace: string,
  extra: readonly string[] = [],
): boolean {
  if (
    BUILT_IN_PROTECTED_NAMESPACES.includes(namespace) ||
    namespace.startsWith('kube-')
  ) {
    return true;
  }
  return extra.some(
    entry => typeof entry === 'string' && matchesEntry(namespace, entry),
  );
}
