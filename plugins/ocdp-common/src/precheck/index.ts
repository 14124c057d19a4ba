export type {
  OcdpPrecheckOperation,
  OcdpPrecheckRequest,
  OcdpQuotaSource,
  OcdpPrecheckQuotaCheck,
  OcdpPrecheckCapacity,
  OcdpPrecheckModelFit,
  OcdpPrecheckReport,
} from './types';
