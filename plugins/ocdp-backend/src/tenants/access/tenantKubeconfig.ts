import { OcdpClusterConfig } from '@ocdp/plugin-ocdp-node';
import yaml from 'js-yaml';

/** A namespace-scoped kubeconfig for one tenant binding, with a short-lived token. */
export interface TenantKubeconfigInput {
  cluster: Pick<OcdpClusterConfig, 'name' | 'url' | 'caData' | 'skipTLSVerify'>;
  tenant: string;
  namespace: string;
  token: string;
}

/**
 * The kubeconfig a member downloads: one cluster (its CA, or insecure when the cluster is
 * configured so), one user holding the TokenRequest token, one context set to the namespace.
 */
export function tenantKubeconfig(input: TenantKubeconfigInput): string {
  const name = `${input.cluster.name}-${input.tenant}`;
  const cluster: Record<string, unknown> = { server: input.cluster.url };
  if (input.cluster.caData) {
    cluster['certificate-authority-data'] = input.cluster.caData;
  } else if (input.cluster.skipTLSVerify) {
    cluster['insecure-skip-tls-verify'] = true;
  }
  return yaml.dump(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: input.cluster.name, cluster }],
      users: [{ name, user: { token: input.token } }],
      contexts: [
        {
          name,
          context: {
            cluster: input.cluster.name,
            user: name,
            namespace: input.namespace,
          },
        },
      ],
      'current-context': name,
    },
    { lineWidth: -1, noRefs: true },
  );
}
