export type {
  OcdpInstance,
  OcdpInstanceCondition,
  OcdpInstanceDetails,
  OcdpInstanceEvent,
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
  OCDP_INSTANCE_EVENTS_TOPIC,
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
