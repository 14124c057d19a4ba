export type {
  OcdpInstance,
  OcdpInstanceCondition,
  OcdpInstanceDetails,
  OcdpInstanceList,
  OcdpInstanceListQuery,
  OcdpInstanceLiveState,
  OcdpInstanceRefusal,
  OcdpInstanceStatus,
} from './types';
export {
  INSTANCE_ID_ANNOTATION,
  INSTANCE_LABEL,
  KUBERNETES_ID_LABEL,
  TENANT_LABEL,
  instanceEntityName,
  instanceLabels,
} from './naming';
export { withWorkloadLabels } from './workloadLabels';
export type {
  ChartSource,
  HelmReleaseInput,
  HelmReleaseManifest,
} from './helmRelease';
export { HELM_RELEASE_API_VERSION, helmReleaseManifest } from './helmRelease';
