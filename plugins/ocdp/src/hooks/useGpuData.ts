import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  ClusterGpuReport,
  ClusterGpuUtilization,
  EntityGpuUsage,
  OcdpCluster,
} from '@ocdp/plugin-ocdp-common';
import { GpuUtilizationQuery, ocdpApiRef } from '../api';
import { PolledValue, usePolledValue } from './usePolledValue';

/** Charts reload less often than tables: a range query costs Prometheus more. */
export const GPU_CHART_POLL_INTERVAL_MS = 60_000;

/** The configured clusters with their GPU summaries, reloaded on an interval. */
export function useGpuClusters(): PolledValue<OcdpCluster[]> {
  const ocdpApi = useApi(ocdpApiRef);
  return usePolledValue(() => ocdpApi.listClusters(), [ocdpApi]);
}

/** A cluster's GPU report, reloaded on an interval; nothing is loaded without a cluster. */
export function useClusterGpu(
  cluster: string | undefined,
): PolledValue<ClusterGpuReport> {
  const ocdpApi = useApi(ocdpApiRef);
  return usePolledValue(
    () => ocdpApi.getClusterGpu(cluster!),
    [ocdpApi, cluster],
    { enabled: Boolean(cluster) },
  );
}

/** A cluster's utilization series over a range, for charts. */
export function useClusterGpuUtilization(
  cluster: string,
  query: GpuUtilizationQuery,
): PolledValue<ClusterGpuUtilization> {
  const ocdpApi = useApi(ocdpApiRef);
  const { range, groupBy } = query;
  return usePolledValue(
    () => ocdpApi.getClusterGpuUtilization(cluster, { range, groupBy }),
    [ocdpApi, cluster, range, groupBy],
    { intervalMs: GPU_CHART_POLL_INTERVAL_MS },
  );
}

/** GPU use of an entity's pods on every cluster. */
export function useEntityGpu(
  entity: CompoundEntityRef,
): PolledValue<EntityGpuUsage> {
  const ocdpApi = useApi(ocdpApiRef);
  const { kind, namespace, name } = entity;
  return usePolledValue(
    () => ocdpApi.getEntityGpu({ kind, namespace, name }),
    [ocdpApi, kind, namespace, name],
  );
}
