import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  isError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  OcdpBindingUsage,
  OcdpTenant,
  OcdpTenantBinding,
  OcdpTenantList,
  OcdpTenantUsage,
  personalNamespaceFor,
  personalTenantNameFor,
  quotaDrift,
} from '@ocdp/plugin-ocdp-common';
import { describeKubeError, OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { OcdpBackendConfig } from '../config/readOcdpBackendConfig';
import {
  CreateTenantInput,
  newBindingQuota,
  SetQuotaInput,
} from './parseRequests';
import { TenantSync } from './sync/TenantSync';
import { tenantKubeconfig } from './access/tenantKubeconfig';
import { MembersLookup, TenantMembersSource } from './TenantMembers';
import { ActiveBinding, TenantPageQuery, TenantStore } from './TenantStore';
import { Tenant, TenantBinding, TenantListFilter } from './types';

export interface TenantServiceOptions {
  store: TenantStore;
  members: TenantMembersSource;
  sync: TenantSync;
  clusters: OcdpClustersService;
  config: OcdpBackendConfig;
  logger: LoggerService;
}

function toApiTenant(tenant: Tenant): OcdpTenant {
  const { ownerRef, ...rest } = tenant;
  return { ...rest, owner: ownerRef };
}

/**
 * Tenants and their quotas: validation, the database (the source of truth) and the clusters.
 * A cluster that cannot be reached never fails a write; the binding stays `pending` or `error`
 * and the reconcile loop applies it later.
 */
export class TenantService {
  constructor(private readonly options: TenantServiceOptions) {}

  async list(filter: TenantListFilter = {}): Promise<OcdpTenant[]> {
    return (await this.options.store.list(filter)).map(toApiTenant);
  }

  async page(query: TenantPageQuery): Promise<OcdpTenantList> {
    const page = await this.options.store.page(query);
    return { ...page, items: page.items.map(toApiTenant) };
  }

  async find(name: string): Promise<OcdpTenant | undefined> {
    const tenant = await this.options.store.get(name);
    return tenant ? toApiTenant(tenant) : undefined;
  }

  async get(name: string): Promise<OcdpTenant> {
    return toApiTenant(await this.getStored(name));
  }

  async create(
    input: CreateTenantInput,
    createdBy: string,
  ): Promise<OcdpTenant> {
    await Promise.all(
      input.bindings.map(b =>
        this.assertNamespaceAvailableIfReachable(
          b.cluster,
          b.namespace,
          input.name,
        ),
      ),
    );
    await this.options.store.create({
      name: input.name,
      ownerRef: input.owner,
      createdBy,
      bindings: input.bindings,
    });
    await this.syncTenant(input.name);
    return this.get(input.name);
  }

  /**
   * Sets the quota of a tenant's binding on a cluster (creating the binding when the tenant has
   * none there and no version was sent), then applies it.
   */
  async setQuota(
    tenantName: string,
    cluster: string,
    body: SetQuotaInput,
    expectedVersion: number | undefined,
  ): Promise<{ binding: OcdpTenantBinding; created: boolean }> {
    const tenant = await this.getStored(tenantName);
    this.options.clusters.get(cluster);
    const existing = tenant.bindings.find(b => b.cluster === cluster);
    let created = false;
    if (existing) {
      if (body.namespace && body.namespace !== existing.namespace) {
        throw new ConflictError(
          `the binding on cluster "${cluster}" uses namespace "${existing.namespace}"; a namespace cannot be changed`,
        );
      }
      await this.options.store.updateQuota(
        tenantName,
        cluster,
        body.quota,
        expectedVersion,
      );
    } else {
      if (expectedVersion !== undefined) {
        throw new NotFoundError(
          `tenant "${tenantName}" has no binding on cluster "${cluster}"`,
        );
      }
      const namespace = body.namespace ?? this.defaultNamespace(tenant);
      const quota = body.quotaForNewBinding;
      this.options.sync.assertNotProtected(namespace);
      await this.assertNamespaceAvailableIfReachable(
        cluster,
        namespace,
        tenantName,
      );
      await this.options.store.addBinding(tenantName, {
        cluster,
        namespace,
        quota,
      });
      created = true;
    }
    const [binding] = await this.options.store.activeBindings({
      tenant: tenantName,
      cluster,
    });
    await this.syncBinding(binding);
    const fresh = (await this.getStored(tenantName)).bindings.find(
      b => b.cluster === cluster,
    )!;
    return { binding: fresh, created };
  }

  /**
   * Deletes a tenant: 404 when unknown, 409 while it owns model instances. The tenant disappears
   * at once; cluster objects of clusters that cannot be reached now are removed by the reconcile
   * loop. Returns the clusters still to clean up.
   */
  async delete(name: string): Promise<{ pendingClusters: string[] }> {
    if (!(await this.options.store.markDeleting(name))) {
      throw new NotFoundError(`tenant "${name}" does not exist`);
    }
    return this.finishDeletion(name);
  }

  /**
   * A kubeconfig for the tenant's namespace on a cluster, holding a short-lived token of the
   * tenant's ServiceAccount (RBAC limits it to that namespace). The token is never stored.
   */
  async kubeconfig(
    tenant: OcdpTenant,
    cluster: string,
  ): Promise<{ kubeconfig: string; expiresAt?: string }> {
    const binding = tenant.bindings.find(b => b.cluster === cluster);
    if (!binding) {
      throw new NotFoundError(
        `tenant "${tenant.name}" has no namespace on cluster "${cluster}"`,
      );
    }
    if (binding.syncStatus !== 'synced') {
      throw new ConflictError(
        `the namespace of tenant "${tenant.name}" on cluster "${cluster}" is ${binding.syncStatus}; try again once it is synced`,
      );
    }
    let issued;
    try {
      issued = await this.options.sync.requestToken(
        cluster,
        binding.namespace,
        this.options.config.kubeconfigTtlSeconds,
      );
    } catch (error) {
      throw new ServiceUnavailableError(
        `cluster "${cluster}" did not issue a token: ${describeKubeError(
          error,
        )}`,
      );
    }
    return {
      kubeconfig: tenantKubeconfig({
        cluster: this.options.clusters.get(cluster),
        tenant: tenant.name,
        namespace: binding.namespace,
        token: issued.token,
      }),
      ...(issued.expiresAt ? { expiresAt: issued.expiresAt } : {}),
    };
  }

  async usage(name: string): Promise<OcdpTenantUsage> {
    const tenant = await this.getStored(name);
    const bindings = await Promise.all(
      tenant.bindings.map(b => this.bindingUsage(b)),
    );
    return { tenant: name, bindings };
  }

  /**
   * Creates the user's personal tenant the first time it is needed, with the configured default
   * quota on the personal clusters; another replica creating it at the same moment is fine.
   */
  async ensurePersonalTenant(userEntityRef: string): Promise<void> {
    const { config, store } = this.options;
    if (!config.personalTenantsEnabled || !/^user:/i.test(userEntityRef))
      return;
    const name = personalTenantNameFor(
      userEntityRef,
      config.personalTenantPrefix,
    );
    if (await store.get(name)) return;
    const namespace = personalNamespaceFor(
      userEntityRef,
      config.personalNamespacePrefix,
    );
    const clusters =
      config.personalTenantClusters ??
      this.options.clusters.list().map(c => c.name);
    try {
      await store.create({
        name,
        ownerRef: userEntityRef.toLocaleLowerCase('en-US'),
        personal: true,
        createdBy: userEntityRef,
        bindings: clusters.map(cluster => ({
          cluster,
          namespace,
          quota: newBindingQuota({}, 'ocdp.quota.defaults', config),
        })),
      });
    } catch (error) {
      if (isError(error) && error.name === 'ConflictError') return;
      throw error;
    }
    this.options.logger.info(
      `created personal tenant ${name} for ${userEntityRef}`,
    );
    await this.syncTenant(name);
  }

  /**
   * Applies one binding and records the outcome (only if the binding did not change meanwhile).
   * `members` comes from a reconcile pass's catalog snapshot; otherwise the owner is looked up.
   */
  async syncBinding(
    binding: ActiveBinding,
    members?: MembersLookup,
  ): Promise<boolean> {
    try {
      await this.options.sync.apply({
        tenant: binding.tenant,
        owner: binding.owner,
        cluster: binding.cluster,
        namespace: binding.namespace,
        quota: binding.quota,
        members: members
          ? members(binding.owner)
          : await this.options.members.of(binding.owner),
      });
      await this.options.store.recordSync(
        binding.tenant,
        binding.cluster,
        binding.version,
        {
          ok: true,
        },
      );
      return true;
    } catch (error) {
      const message = describeKubeError(error);
      this.options.logger.warn(
        `sync of tenant ${binding.tenant} on cluster ${binding.cluster} failed: ${message}`,
      );
      await this.options.store.recordSync(
        binding.tenant,
        binding.cluster,
        binding.version,
        {
          ok: false,
          error: message,
        },
      );
      return false;
    }
  }

  /** Removes the cluster objects of a tenant being deleted; deletes it once all are gone. */
  async finishDeletion(name: string): Promise<{ pendingClusters: string[] }> {
    const tenant = (await this.options.store.tenantsBeingDeleted()).find(
      t => t.name === name,
    );
    if (!tenant) return { pendingClusters: [] };
    const pendingClusters: string[] = [];
    for (const binding of tenant.bindings) {
      try {
        if (this.isConfigured(binding.cluster)) {
          await this.options.sync.remove({
            tenant: name,
            cluster: binding.cluster,
            namespace: binding.namespace,
          });
        }
        await this.options.store.removeBinding(name, binding.cluster);
      } catch (error) {
        pendingClusters.push(binding.cluster);
        await this.options.store.recordCleanupError(
          name,
          binding.cluster,
          describeKubeError(error),
        );
      }
    }
    await this.options.store.finishDeletion(name);
    return { pendingClusters };
  }

  private async syncTenant(name: string) {
    const bindings = await this.options.store.activeBindings({ tenant: name });
    if (bindings.length === 0) return;
    const members = await this.options.members.of(bindings[0].owner);
    await Promise.all(bindings.map(b => this.syncBinding(b, () => members)));
  }

  private async bindingUsage(
    binding: TenantBinding,
  ): Promise<OcdpBindingUsage> {
    const base = {
      cluster: binding.cluster,
      namespace: binding.namespace,
      spec: binding.quota,
      syncStatus: binding.syncStatus,
      ...(binding.lastError ? { lastError: binding.lastError } : {}),
      version: binding.version,
    };
    try {
      const live = await this.options.sync.readQuota(
        binding.cluster,
        binding.namespace,
      );
      if (!live) {
        return {
          ...base,
          live: null,
          drift: [],
          liveError: 'quota not created on the cluster yet',
        };
      }
      return { ...base, live, drift: quotaDrift(binding.quota, live.hard) };
    } catch (error) {
      return {
        ...base,
        live: null,
        drift: [],
        liveError: describeKubeError(error),
      };
    }
  }

  private async assertNamespaceAvailableIfReachable(
    cluster: string,
    namespace: string,
    tenant: string,
  ) {
    try {
      await this.options.sync.assertNamespaceAvailable(
        cluster,
        namespace,
        tenant,
      );
    } catch (error) {
      if (isError(error) && error.name === 'ConflictError') throw error;
      // Unreachable: the binding is stored as pending and the reconcile loop checks again.
    }
  }

  private defaultNamespace(tenant: Tenant): string {
    return tenant.personal
      ? personalNamespaceFor(
          tenant.ownerRef,
          this.options.config.personalNamespacePrefix,
        )
      : tenant.name;
  }

  private async getStored(name: string): Promise<Tenant> {
    const tenant = await this.options.store.get(name);
    if (!tenant) throw new NotFoundError(`tenant "${name}" does not exist`);
    return tenant;
  }

  private isConfigured(cluster: string): boolean {
    return this.options.clusters.list().some(c => c.name === cluster);
  }
}
