import { ConflictError } from '@backstage/errors';
import {
  CoreV1Api,
  KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { PodSecurityModes, podSecurityLabels } from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { kubeStatusOf, withTimeout } from '@ocdp/plugin-ocdp-node';
import { assertNamespaceNotProtected } from '../protectedNamespaces';
import {
  FIELD_MANAGER,
  LIMIT_RANGE_NAME,
  MANAGED_BY_LABEL,
  QUOTA_NAME,
  RbacSubject,
  ROLE_BINDING_NAME,
  SERVICE_ACCOUNT_NAME,
  TENANT_LABEL,
  tenantObjects,
} from './tenantObjects';
import {
  BindingTarget,
  LiveQuota,
  ManagedQuota,
  TenantSync,
} from './TenantSync';

export interface TenantClusterSyncOptions {
  clusters: OcdpClustersService;
  memberClusterRole: string;
  podSecurity: PodSecurityModes;
  limitRangeDefaultRequest: { cpu: string; memory: string };
  protectedNamespaces: string[];
  timeoutMs: number;
}

/**
 * Writes tenants' namespaces, RBAC, ResourceQuota and LimitRange to clusters by server-side apply
 * (field manager `ocdp`) and reads their live quota. Never adopts a namespace OCDP did not create.
 */
export class TenantClusterSync implements TenantSync {
  constructor(private readonly options: TenantClusterSyncOptions) {}

  /** 403 for protected namespaces. */
  assertNotProtected(namespace: string): void {
    assertNamespaceNotProtected(namespace, this.options.protectedNamespaces);
  }

  /**
   * Throws a ConflictError when the namespace exists on the cluster and is not this tenant's.
   * Cluster errors (unreachable, timeouts) propagate.
   */
  async assertNamespaceAvailable(
    cluster: string,
    namespace: string,
    tenant: string,
  ): Promise<void> {
    const owner = await this.namespaceTenant(cluster, namespace);
    if (owner.exists && owner.tenant !== tenant) {
      throw new ConflictError(
        `namespace "${namespace}" already exists on cluster "${cluster}" and ${
          owner.tenant
            ? `belongs to OCDP tenant "${owner.tenant}"`
            : 'was not created by OCDP'
        }; choose another namespace`,
      );
    }
  }

  async apply(target: BindingTarget): Promise<void> {
    this.assertNotProtected(target.namespace);
    await this.assertNamespaceAvailable(
      target.cluster,
      target.namespace,
      target.tenant,
    );
    const objects = tenantObjects({
      ...target,
      memberClusterRole: this.options.memberClusterRole,
      podSecurity: this.options.podSecurity,
      limitRangeDefaultRequest: this.options.limitRangeDefaultRequest,
    });
    const api = this.objectApi(target.cluster);
    for (const object of objects) {
      await this.call(
        target.cluster,
        `apply ${object.kind} ${object.metadata?.name}`,
        api.patch(
          object,
          undefined,
          undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
      );
    }
    await this.removeForeignQuotaKeys(target);
    if (!objects.some(o => o.kind === 'LimitRange')) {
      await this.deleteIfPresent(target.cluster, {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: LIMIT_RANGE_NAME, namespace: target.namespace },
      });
    }
  }

  /**
   * Removes what OCDP created for the binding. Idempotent: objects already gone are fine, and a
   * namespace that is not this tenant's is left alone.
   */
  async remove(
    target: Omit<BindingTarget, 'quota' | 'owner' | 'members'>,
  ): Promise<void> {
    this.assertNotProtected(target.namespace);
    const owner = await this.namespaceTenant(target.cluster, target.namespace);
    if (!owner.exists || owner.tenant !== target.tenant) {
      return;
    }
    const ns = target.namespace;
    const inNamespace = (apiVersion: string, kind: string, name: string) => ({
      apiVersion,
      kind,
      metadata: { name, namespace: ns },
    });
    for (const object of [
      inNamespace('v1', 'ResourceQuota', QUOTA_NAME),
      inNamespace('v1', 'LimitRange', LIMIT_RANGE_NAME),
      inNamespace(
        'rbac.authorization.k8s.io/v1',
        'RoleBinding',
        ROLE_BINDING_NAME,
      ),
      inNamespace('v1', 'ServiceAccount', SERVICE_ACCOUNT_NAME),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    ]) {
      await this.deleteIfPresent(target.cluster, object);
    }
  }

  /** A token of the tenant's ServiceAccount from the TokenRequest API; never stored or logged. */
  async requestToken(
    cluster: string,
    namespace: string,
    expirationSeconds: number,
  ): Promise<{ token: string; expiresAt?: string }> {
    const core = this.options.clusters.api(cluster, CoreV1Api);
    const answer = await this.call(
      cluster,
      'create ServiceAccount token',
      core.createNamespacedServiceAccountToken({
        name: SERVICE_ACCOUNT_NAME,
        namespace,
        body: { spec: { audiences: [], expirationSeconds } },
      }),
    );
    const token = answer.status?.token;
    if (!token) {
      throw new Error('the cluster answered the TokenRequest without a token');
    }
    const expiry = answer.status?.expirationTimestamp;
    return {
      token,
      ...(expiry ? { expiresAt: new Date(expiry).toISOString() } : {}),
    };
  }

  /** The tenant ResourceQuota's live status, or `null` when it does not exist. */
  async readQuota(
    cluster: string,
    namespace: string,
  ): Promise<LiveQuota | null> {
    const core = this.options.clusters.api(cluster, CoreV1Api);
    try {
      const quota = await this.call(
        cluster,
        'read ResourceQuota',
        core.readNamespacedResourceQuota({ name: QUOTA_NAME, namespace }),
      );
      return {
        hard: { ...(quota.status?.hard ?? quota.spec?.hard ?? {}) },
        used: { ...(quota.status?.used ?? {}) },
      };
    } catch (error) {
      if (kubeStatusOf(error) === 404) return null;
      throw error;
    }
  }

  /** Every OCDP tenant quota on the cluster, by namespace: one LIST for drift detection. */
  async listNamespacesWithStaleLabels(cluster: string): Promise<Set<string>> {
    const core = this.options.clusters.api(cluster, CoreV1Api);
    const list = await this.call(
      cluster,
      'list Namespaces',
      core.listNamespace({ labelSelector: `${MANAGED_BY_LABEL}=ocdp` }),
    );
    const wanted = Object.entries(podSecurityLabels(this.options.podSecurity));
    const stale = new Set<string>();
    for (const item of list.items) {
      const labels = item.metadata?.labels ?? {};
      if (wanted.some(([k, v]) => labels[k] !== v)) {
        stale.add(item.metadata!.name!);
      }
    }
    return stale;
  }

  async listManagedQuotas(cluster: string): Promise<Map<string, ManagedQuota>> {
    const core = this.options.clusters.api(cluster, CoreV1Api);
    const list = await this.call(
      cluster,
      'list ResourceQuotas',
      core.listResourceQuotaForAllNamespaces({
        labelSelector: `${MANAGED_BY_LABEL}=ocdp`,
      }),
    );
    const result = new Map<
      string,
      { tenant?: string; hard: Record<string, string> }
    >();
    for (const item of list.items) {
      if (item.metadata?.name !== QUOTA_NAME || !item.metadata.namespace)
        continue;
      result.set(item.metadata.namespace, {
        tenant: item.metadata.labels?.[TENANT_LABEL],
        hard: { ...(item.spec?.hard ?? {}) },
      });
    }
    return result;
  }

  /**
   * Server-side apply leaves `hard` keys that another field manager set; the stored spec is the
   * truth, so such keys are removed with a JSON patch.
   */
  private async removeForeignQuotaKeys(target: BindingTarget): Promise<void> {
    const core = this.options.clusters.api(target.cluster, CoreV1Api);
    const live = await this.call(
      target.cluster,
      'read ResourceQuota',
      core.readNamespacedResourceQuota({
        name: QUOTA_NAME,
        namespace: target.namespace,
      }),
    );
    const extra = Object.keys(live.spec?.hard ?? {}).filter(
      key => !Object.prototype.hasOwnProperty.call(target.quota, key),
    );
    if (extra.length === 0) return;
    await this.call(
      target.cluster,
      'patch ResourceQuota',
      core.patchNamespacedResourceQuota({
        name: QUOTA_NAME,
        namespace: target.namespace,
        fieldManager: FIELD_MANAGER,
        body: extra.map(key => ({
          op: 'remove',
          path: `/spec/hard/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        })),
      }),
    );
  }

  /** The subjects of every OCDP tenant RoleBinding on the cluster, by namespace: one LIST. */
  async listManagedRoleBindingSubjects(
    cluster: string,
  ): Promise<Map<string, RbacSubject[]>> {
    const rbac = this.options.clusters.api(cluster, RbacAuthorizationV1Api);
    const list = await this.call(
      cluster,
      'list RoleBindings',
      rbac.listRoleBindingForAllNamespaces({
        labelSelector: `${MANAGED_BY_LABEL}=ocdp`,
      }),
    );
    const result = new Map<string, RbacSubject[]>();
    for (const item of list.items) {
      if (
        item.metadata?.name !== ROLE_BINDING_NAME ||
        !item.metadata.namespace
      ) {
        continue;
      }
      result.set(
        item.metadata.namespace,
        (item.subjects ?? []) as RbacSubject[],
      );
    }
    return result;
  }

  private async namespaceTenant(
    cluster: string,
    namespace: string,
  ): Promise<{ exists: boolean; tenant?: string }> {
    const core = this.options.clusters.api(cluster, CoreV1Api);
    try {
      const ns = await this.call(
        cluster,
        'read Namespace',
        core.readNamespace({ name: namespace }),
      );
      const labels = ns.metadata?.labels ?? {};
      return {
        exists: true,
        tenant:
          labels[MANAGED_BY_LABEL] === 'ocdp'
            ? labels[TENANT_LABEL]
            : undefined,
      };
    } catch (error) {
      if (kubeStatusOf(error) === 404) return { exists: false };
      throw error;
    }
  }

  private async deleteIfPresent(cluster: string, object: KubernetesObject) {
    try {
      await this.call(
        cluster,
        `delete ${object.kind} ${object.metadata?.name}`,
        this.objectApi(cluster).delete(object),
      );
    } catch (error) {
      if (kubeStatusOf(error) !== 404) throw error;
    }
  }

  private objectApi(cluster: string): KubernetesObjectApi {
    return this.options.clusters.api(cluster, KubernetesObjectApi);
  }

  private call<T>(cluster: string, what: string, promise: Promise<T>) {
    return withTimeout(
      promise,
      this.options.timeoutMs,
      `cluster "${cluster}" (${what})`,
    );
  }
}
