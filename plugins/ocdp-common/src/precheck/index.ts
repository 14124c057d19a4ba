export type {
  OcdpPrecheckOperation,
  OcdpPrecheckRequest,
  OcdpQuotaSource,
  OcdpPrecheckQuotaCheck,
  OcdpPrecheckCapacity,
  OcdpPrecheckModelFit,
  OcdpPrecheckReport,
} from './types';
export type { PrecheckQuota } from './scopes';
export type { PrecheckLimitRange, LimitRangeItem } from './limitRanges';
export type { PrecheckNode, PodsToPlace } from './capacity';
export type { PrecheckInput, PrecheckVerdict } from './evaluate';
export { evaluatePrecheck } from './evaluate';
export { placePods } from './capacity';
export { applyLimitRanges } from './limitRanges';
export { quotaSelectsPod } from './scopes';
