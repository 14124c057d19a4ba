import { LoggerService } from '@backstage/backend-plugin-api';
import { quotaDrift } from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import { describeKubeError } from '@ocdp/plugin-ocdp-node';
import { roleBindingSubjects, subjectsKey } from './sync/tenantObjects';
import { TenantSync } from './sync/TenantSync';
import { TenantMembersSource } from './TenantMembers';
import { TenantService } from './TenantService';
import { ActiveBinding, TenantStore } from './TenantStore';

export interface ReconcileStats {
  applied: number;
  failed: number;
  drifted: number;
  deleted: number;
  unreachableClusters: string[];
}

/**
 * One pass of the reconcile loop: finishes pending deletions, applies `pending` / `error`
 * bindings, and re-applies synced bindings whose ResourceQuota drifted or disappeared or whose
 * RoleBinding no longer names the tenant's members (one LIST of each per cluster, one catalog
 * read of the groups). Scheduled through `coreServices.scheduler`, so one replica runs each pass.
 */
export class TenantReconciler {
  constructor(
    private readonly options: {
      store: TenantStore;
      service: TenantService;
      sync: TenantSync;
      members: TenantMembersSource;
      clusters: OcdpClustersService;
      logger: LoggerService;
    },
  ) {}

  async reconcile(): Promise<ReconcileStats> {
    const { store, service, sync, clusters, logger } = this.options;
    const stats: ReconcileStats = {
      applied: 0,
      failed: 0,
      drifted: 0,
      deleted: 0,
      unreachableClusters: [],
    };

    for (const tenant of await store.tenantsBeingDeleted()) {
      const { pendingClusters } = await service.finishDeletion(tenant.name);
      if (pendingClusters.length === 0) stats.deleted += 1;
    }

    const bindings = await store.activeBindings();
    const members = await this.options.members.lookup();
    const byCluster = new Map<string, ActiveBinding[]>();
    for (const b of bindings) {
      const onCluster = byCluster.get(b.cluster) ?? [];
      onCluster.push(b);
      byCluster.set(b.cluster, onCluster);
    }

    for (const cluster of clusters.list().map(c => c.name)) {
      const onCluster = byCluster.get(cluster) ?? [];
      if (onCluster.length === 0) continue;
      let live;
      let subjects;
      let staleLabels;
      try {
        live = await sync.listManagedQuotas(cluster);
        subjects = await sync.listManagedRoleBindingSubjects(cluster);
        staleLabels = await sync.listNamespacesWithStaleLabels(cluster);
      } catch (error) {
        stats.unreachableClusters.push(cluster);
        logger.warn(
          `reconcile: cluster ${cluster} unreachable, ${
            onCluster.length
          } binding(s) wait: ${describeKubeError(error)}`,
        );
        continue;
      }
      for (const binding of onCluster) {
        const quota = live.get(binding.namespace);
        const expectedSubjects = subjectsKey(
          roleBindingSubjects(
            binding.owner,
            members(binding.owner),
            binding.namespace,
          ),
        );
        const drifted =
          binding.syncStatus === 'synced' &&
          (!quota ||
            quota.tenant !== binding.tenant ||
            quotaDrift(binding.quota, quota.hard).length > 0 ||
            subjectsKey(subjects.get(binding.namespace) ?? []) !==
              expectedSubjects ||
            staleLabels.has(binding.namespace));
        if (binding.syncStatus === 'synced' && !drifted) continue;
        if (drifted) stats.drifted += 1;
        if (await service.syncBinding(binding, members)) stats.applied += 1;
        else stats.failed += 1;
      }
    }
    logger.info(
      `ocdp tenant reconcile: applied ${stats.applied}, failed ${stats.failed}, drifted ${stats.drifted}, deleted ${stats.deleted}`,
    );
    return stats;
  }
}
