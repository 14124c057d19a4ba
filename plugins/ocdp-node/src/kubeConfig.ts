import { OcdpClusterConfig } from './clusterConfig';
import { PooledKubeConfig } from './pooledKubeConfig';

/**
 * Builds a `@kubernetes/client-node` KubeConfig for one cluster, authenticating with the cluster's
 * service account token when one is configured and trusting its `caData` (base64 PEM, as in a
 * kubeconfig). Its requests share one connection pool: build it once per cluster and reuse it.
 *
 * @public
 */
export function buildKubeConfig(cluster: OcdpClusterConfig): PooledKubeConfig {
  const kc = new PooledKubeConfig();
  const user = `ocdp-${cluster.name}`;
  kc.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        skipTLSVerify: cluster.skipTLSVerify,
      },
    ],
    users: [
      cluster.serviceAccountToken
        ? { name: user, token: cluster.serviceAccountToken }
        : { name: user },
    ],
    contexts: [{ name: cluster.name, cluster: cluster.name, user }],
    currentContext: cluster.name,
  });
  return kc;
}
