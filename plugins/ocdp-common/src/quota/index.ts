export type {
  QuotaSpec,
  QuotaSemanticsOptions,
  NormalizeQuotaOptions,
} from './types';
export {
  isValidQuotaKey,
  DEFAULT_GPU_RESOURCE_KEYS,
  isUnsafeObjectKey,
  UNSAFE_OBJECT_KEYS,
  CPU_QUOTA_KEYS,
  MEMORY_QUOTA_KEYS,
  isCpuQuotaKey,
  isMemoryQuotaKey,
  isStorageQuotaKey,
  isByteQuotaKey,
  isGpuMemoryQuotaKey,
  isConfiguredGpuQuotaKey,
  looksLikeGpuQuotaKey,
} from './keys';
export { compareQuotaKeys, sortQuotaKeys } from './order';
export { isBlankQuotaValue } from './values';
export { normalizeQuotaSpec } from './normalize';
export { quotaWarnings } from './enforcement';
export type { QuotaProblem, QuotaEnforcementOptions } from './enforcement';
export { quotaKeyProblems } from './problems';
export type { QuotaKeyProblemsOptions } from './problems';
export { parseFormQuotaValue, formQuotaToSpec } from './form';
export { describeQuotaValue } from './describe';
export type { DescribeQuotaOptions } from './describe';
export { mergeQuotaDefaults } from './defaults';
export { quotaDrift } from './drift';
export type { QuotaDriftEntry } from './drift';
export { quotaUsageRows } from './usage';
export type { QuotaUsageRow } from './usage';
