import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** One Kubernetes cluster as configured for the Backstage Kubernetes plugin. @public */
export interface OcdpClusterConfig {
  name: string;
  title: string;
  url: string;
  caData?: string;
  skipTLSVerify: boolean;
  /** Never logged or returned by any API. */
  serviceAccountToken?: string;
  /** Catalog entity that represents the cluster. */
  entityRef: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads the clusters of every `type: config` entry of `kubernetes.clusterLocatorMethods`, the same
 * list the Backstage Kubernetes plugin uses, so one cluster list serves both plugins.
 *
 * @public
 */
export function readOcdpClusters(config: Config): OcdpClusterConfig[] {
  const locators =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  const entityRefs = config.getOptionalConfig('ocdp.clusterEntityRefs');
  const clusters: OcdpClusterConfig[] = [];
  for (const locator of locators) {
    if (locator.getString('type') !== 'config') continue;
    for (const c of locator.getOptionalConfigArray('clusters') ?? []) {
      const name = c.getString('name');
      if (!DNS_LABEL.test(name)) {
        throw new InputError(
          `kubernetes cluster name "${name}" must be a DNS-1123 label to be used by OCDP`,
        );
      }
      if (clusters.some(existing => existing.name === name)) {
        throw new InputError(
          `kubernetes cluster "${name}" is configured twice`,
        );
      }
      clusters.push({
        name,
        title: c.getOptionalString('title') ?? name,
        url: c.getString('url'),
        caData: c.getOptionalString('caData'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        serviceAccountToken: c.getOptionalString('serviceAccountToken'),
        entityRef:
          entityRefs?.getOptionalString(name) ?? `resource:default/${name}`,
      });
    }
  }
  return clusters;
}
