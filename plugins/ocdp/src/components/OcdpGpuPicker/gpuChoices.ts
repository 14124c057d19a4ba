import { ClusterGpuReport, QuotaUsageRow } from '@ocdp/plugin-ocdp-common';
import { availableCount } from '../OcdpTenantClusterPicker/quotaLeft';

/** A GPU kind pods can ask for on a cluster: a whole-GPU model or a MIG profile. */
export interface GpuChoice {
  /** `nvidia.com/gpu` or `nvidia.com/mig-1g.10gb`. */
  resource: string;
  /** `nvidia.com/gpu.product`, when known. */
  product?: string;
  memoryMiB?: number;
  label: string;
  /** Free on the cluster now. */
  free: number;
  allocatable: number;
}

const WHOLE_GPU = 'nvidia.com/gpu';

function gib(memoryMiB: number | undefined): string {
  return memoryMiB ? ` (${Math.round(memoryMiB / 1024)} GiB)` : '';
}

/** The GPU models (whole GPUs) and MIG profiles of a cluster with their free counts. */
export function gpuChoices(report: ClusterGpuReport): GpuChoice[] {
  const models = report.models
    .filter(model => model.allocatable > 0)
    .map(model => ({
      resource: WHOLE_GPU,
      ...(model.product !== 'unknown' ? { product: model.product } : {}),
      ...(model.memoryMiB ? { memoryMiB: model.memoryMiB } : {}),
      label:
        model.product === 'unknown'
          ? 'Any GPU (model not labelled)'
          : `${model.product}${gib(model.memoryMiB)}`,
      free: model.free,
      allocatable: model.allocatable,
    }));
  const profiles = Object.entries(report.resources)
    .filter(
      ([resource, amounts]) =>
        resource.startsWith('nvidia.com/mig-') && amounts.allocatable > 0,
    )
    .map(([resource, amounts]) => {
      // the nodes (cluster scope only) tell which GPU model a profile is cut from
      const products = [
        ...new Set(
          report.nodes.filter(n => n.resources[resource]).map(n => n.product),
        ),
      ];
      const product = products.length === 1 ? products[0] : undefined;
      return {
        resource,
        ...(product && product !== 'unknown' ? { product } : {}),
        label: `MIG ${resource.slice('nvidia.com/mig-'.length)}${
          product && product !== 'unknown' ? ` on ${product}` : ''
        }`,
        free: amounts.free,
        allocatable: amounts.allocatable,
      };
    });
  return [...models, ...profiles];
}

/** Why a choice would not fit, as sentences; empty when it fits. */
export function gpuChoiceProblems(
  choice: GpuChoice,
  needed: number,
  quotaRows: QuotaUsageRow[] | undefined,
): string[] {
  const problems: string[] = [];
  const left = quotaRows
    ? availableCount(quotaRows, `requests.${choice.resource}`)
    : undefined;
  if (left !== undefined && needed > left) {
    problems.push(`${needed} needed, the tenant's quota has ${left} left`);
  }
  if (needed > choice.free) {
    problems.push(`${needed} needed, the cluster has ${choice.free} free`);
  }
  return problems;
}
