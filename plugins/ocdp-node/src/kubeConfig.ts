import { KubeConfig } from '@kubernetes/client-node';
import { OcdpClusterConfig } from './clusterConfig';

/**
 * Builds a `@kubernetes/client-node` KubeConfig for one cluster, authenticating with the cluster's
 * service account token when one is configured.
 *
 * @public
 */
export function buildKubeConfig(cluster: OcdpClusterConfig): KubeConfig {
  const kc = new KubeConfig();
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
