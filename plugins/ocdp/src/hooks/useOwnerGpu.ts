import { useApi } from '@backstage/core-plugin-api';
import {
  ClusterGpuHealth,
  GpuUtilizationAvailability,
  TenantGpuRow,
  UserGpuRow,
} from '@ocdp/plugin-ocdp-common';
import { ocdpApiRef } from '../api';
import { PolledValue, usePolledValue } from './usePolledValue';
import { OwnerGpuRows, ownerGpuRows } from './ownerGpuRows';

/** What a user or group holds on one cluster. */
export interface OwnerClusterGpu extends OwnerGpuRows {
  cluster: string;
  title: string;
  scope: 'cluster' | 'tenants';
  health: ClusterGpuHealth;
  utilization: GpuUtilizationAvailability;
}

export type { OwnerGpuRows, TenantGpuRow, UserGpuRow };

/**
 * The GPUs a user or group holds on each cluster that has a GPU cache: their user row and the
 * tenants they (or, for a user, their groups) own, from each cluster's GPU report (which the
 * backend limits to what the signed-in user may see). Clusters where they hold nothing are
 * left out.
 */
export function useOwnerGpu(
  entityRef: string,
  memberOf: string[] = [],
): PolledValue<OwnerClusterGpu[]> {
  const ocdpApi = useApi(ocdpApiRef);
  const groups = memberOf.join(',');
  return usePolledValue(async () => {
    const clusters = (await ocdpApi.listClusters()).filter(
      c => c.reachable && c.gpu,
    );
    const reports = await Promise.all(
      clusters.map(c => ocdpApi.getClusterGpu(c.name)),
    );
    return reports
      .map(report => ({
        cluster: report.cluster,
        title: report.title,
        scope: report.scope,
        health: report.health,
        utilization: report.utilization,
        ...ownerGpuRows(report, entityRef, memberOf),
      }))
      .filter(c => c.user || c.tenants.length > 0);
    // `groups` stands for `memberOf`, whose array is new on every render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ocdpApi, entityRef, groups]);
}
