/** Label of every object OCDP applies for an instance. @public */
export const INSTANCE_LABEL = 'ocdp.io/instance';
/** Label naming the tenant an object belongs to. @public */
export const TENANT_LABEL = 'ocdp.io/tenant';
/** The label the Backstage Kubernetes plugin finds an entity's workloads by. @public */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
/** Events topic of `OcdpInstanceEvent`s. @public */
export const OCDP_INSTANCE_EVENTS_TOPIC = 'ocdp.instances';
/** Annotation linking a catalog entity to its instance. @public */
export const INSTANCE_ID_ANNOTATION = 'ocdp.io/instance-id';

const MAX_NAME = 63;

/** FNV-1a, as 7 base-36 digits: enough to keep shortened names apart. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0').slice(0, 7);
}

/**
 * The catalog entity name of an instance, also its `backstage.io/kubernetes-id`:
 * `<release>.<tenant>.<cluster>`, unique because a release name is unique in a tenant's namespace
 * on a cluster. Longer than 63 characters, it is shortened and ends with a hash of the whole.
 *
 * @public
 */
export function instanceEntityName(
  release: string,
  tenant: string,
  cluster: string,
): string {
  const full = `${release}.${tenant}.${cluster}`;
  if (full.length <= MAX_NAME) return full;
  const hash = shortHash(full);
  const head = full
    .slice(0, MAX_NAME - hash.length - 1)
    .replace(/[^a-zA-Z0-9]+$/, '');
  return `${head}-${hash}`;
}

/** Labels OCDP puts on an instance's HelmRelease. @public */
export function instanceLabels(
  instanceId: string,
  tenant: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'ocdp',
    [TENANT_LABEL]: tenant,
    [INSTANCE_LABEL]: instanceId,
  };
}
