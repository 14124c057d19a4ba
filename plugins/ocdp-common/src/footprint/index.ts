export type {
  Footprint,
  WorkloadFootprint,
  WorkloadKind,
  PodFootprint,
  VolumeClaimFootprint,
  ServiceFootprint,
  ServiceType,
  UpdateStrategy,
  ResourceQuantities,
  Toleration,
  NodeSelectorTerm,
  NodeSelectorRequirement,
} from './types';
export type { ValuesPath } from './paths';
export type {
  ChartProfile,
  WorkloadProfile,
  ServiceProfile,
  Exposure,
} from './profiles';
export {
  EXPOSURES,
  EXPOSURE_SERVICE_TYPES,
  MODEL_SERVER_PROFILE,
  VLLM_PRODUCTION_STACK_PROFILE,
  GENERIC_PROFILE,
  BUILT_IN_CHART_PROFILES,
} from './profiles';
export type { FootprintOptions } from './fromValues';
export { footprint } from './fromValues';
export { footprintFromManifests, podSpecsFromManifests } from './fromManifests';
export type { ReplicaOverride, QuotaUsageOptions } from './quotaUsage';
export { quotaUsage, podQuotaUsage } from './quotaUsage';
export { GPU_PRODUCT_LABEL, readPodSpec } from './podSpec';
export { parseChartProfiles, findChartProfile } from './parseProfiles';
export type { ModelArchitecture } from './models';
export { findModelArchitecture } from './models';
export type { ModelFitInput, ModelFitEstimate } from './modelFit';
export { estimateModelFit } from './modelFit';
export { modelFitInputFromValues } from './modelFitValues';
export type { FootprintJson, VolumeClaimJson } from './json';
export { footprintToJson, footprintFromJson } from './json';
