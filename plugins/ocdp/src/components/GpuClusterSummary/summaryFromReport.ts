import { ClusterGpuReport, ClusterGpuSummary } from '@ocdp/plugin-ocdp-common';

/** The summary line of a cluster's GPU report, as `GET /clusters` gives it. */
export function summaryFromReport(report: ClusterGpuReport): ClusterGpuSummary {
  return {
    scope: report.scope,
    gpus: report.gpus,
    gpuNodes: report.models.reduce((sum, m) => sum + m.nodes, 0),
    models: report.models.map(
      ({ product, capacity, allocatable, allocated, free }) => ({
        product,
        capacity,
        allocatable,
        allocated,
        free,
      }),
    ),
    yours: {
      allocated: report.totals.gpus,
      pendingPods: report.totals.pendingPods,
      pendingGpus: report.totals.pendingGpus,
      idleGpus: report.totals.idleGpus,
    },
    health: report.health,
  };
}
