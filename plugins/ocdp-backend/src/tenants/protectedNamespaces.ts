import { NotAllowedError } from '@backstage/errors';
import { isProtectedNamespace } from '@ocdp/plugin-ocdp-common';

/** 403 for `default`, `kube-*` and the configured protected namespaces. */
export function assertNamespaceNotProtected(
  namespace: string,
  extra: readonly string[],
): void {
  if (isProtectedNamespace(namespace, extra)) {
    throw new NotAllowedError(
      `namespace "${namespace}" is protected; OCDP never creates, changes or deletes it`,
    );
  }
}
