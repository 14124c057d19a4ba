export type { PodSecurityLevel, PodSecurityModes } from './levels';
export {
  POD_SECURITY_LEVELS,
  podSecurityLabels,
  podSecurityModesOf,
} from './levels';
export { podSecurityMessage, podSecurityViolations } from './checks';
