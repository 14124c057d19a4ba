import { QuotaSpec } from '@ocdp/plugin-ocdp-common';
import { RbacSubject } from './tenantObjects';

/** What one binding puts on its cluster. */
export interface BindingTarget {
  tenant: string;
  owner: string;
  cluster: string;
  namespace: string;
  quota: QuotaSpec;
  /** User entity refs of the tenant's members. */
  members: string[];
}

export interface LiveQuota {
  hard: Record<string, string>;
  used: Record<string, string>;
}

/** An OCDP tenant ResourceQuota found on a cluster. */
export interface ManagedQuota {
  tenant?: string;
  hard: Record<string, string>;
}

/**
 * Puts tenants' namespaces, RBAC, ResourceQuota and LimitRange on clusters and reads them back.
 * Cluster errors (unreachable, timeouts, refusals) are thrown as they come.
 */
export interface TenantSync {
  /** 403 for protected namespaces. */
  assertNotProtected(namespace: string): void;
  /** 409 when the namespace exists on the cluster and is not this tenant's. */
  assertNamespaceAvailable(
    cluster: string,
    namespace: string,
    tenant: string,
  ): Promise<void>;
  apply(target: BindingTarget): Promise<void>;
  /** Idempotent; leaves a namespace that is not this tenant's alone. */
  remove(
    target: Pick<BindingTarget, 'tenant' | 'cluster' | 'namespace'>,
  ): Promise<void>;
  /** A short-lived token of the tenant's ServiceAccount (TokenRequest API). */
  requestToken(
    cluster: string,
    namespace: string,
    expirationSeconds: number,
  ): Promise<{ token: string; expiresAt?: string }>;
  /** `null` when the tenant's ResourceQuota does not exist. */
  readQuota(cluster: string, namespace: string): Promise<LiveQuota | null>;
  /** OCDP namespaces on a cluster whose Pod Security labels differ from the configured ones (one LIST). */
  listNamespacesWithStaleLabels(cluster: string): Promise<Set<string>>;
  /** Every OCDP tenant quota on a cluster, by namespace (one LIST). */
  listManagedQuotas(cluster: string): Promise<Map<string, ManagedQuota>>;
  /** Every OCDP tenant RoleBinding's subjects on a cluster, by namespace (one LIST). */
  listManagedRoleBindingSubjects(
    cluster: string,
  ): Promise<Map<string, RbacSubject[]>>;
}
