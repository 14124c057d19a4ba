import { Values } from '../values';
import { OcdpPrecheckReport } from '../precheck';

/**
 * Where an instance stands: `pending` (recorded, not applied yet), `deploying` (its HelmRelease is
 * applied and not ready yet), `ready`, `failed` (the release or its pods failed; see
 * `statusMessage`), `missing` (its HelmRelease disappeared from the cluster).
 *
 * @public
 */
export type OcdpInstanceStatus =
  | 'pending'
  | 'deploying'
  | 'ready'
  | 'failed'
  | 'missing';

/** A model server deployed through OCDP: a Flux HelmRelease in a tenant namespace. @public */
export interface OcdpInstance {
  id: string;
  /** Helm release name, also the HelmRelease's name. */
  name: string;
  tenant: string;
  cluster: string;
  namespace: string;
  /** Entity ref of the user who deployed it. */
  owner: string;
  chart: string;
  chartVersion?: string;
  profile: string;
  values: Values;
  status: OcdpInstanceStatus;
  statusMessage?: string;
  /** The catalog entity that publishes it (`component:default/<name>`). */
  entityRef: string;
  /** Value of `backstage.io/kubernetes-id` on its workloads. */
  kubernetesId: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency version. */
  version: number;
}

/** A HelmRelease status condition, as Flux reports it. @public */
export interface OcdpInstanceCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** What runs on the cluster for an instance, read live. @public */
export interface OcdpInstanceLiveState {
  /** False when the cluster could not be read; see `error`. */
  reachable: boolean;
  error?: string;
  conditions: OcdpInstanceCondition[];
  desiredReplicas?: number;
  readyReplicas?: number;
  pods: { name: string; phase: string; node?: string }[];
  /** Where clients reach the model server, by exposure type. */
  endpoint?: string;
}

/** `GET /instances/:id`. @public */
export interface OcdpInstanceDetails extends OcdpInstance {
  live: OcdpInstanceLiveState;
  lastPrecheck?: OcdpPrecheckReport;
}

/** `GET /instances`. @public */
export interface OcdpInstanceList {
  items: OcdpInstance[];
}

/** `GET /instances` filters. @public */
export interface OcdpInstanceListQuery {
  tenant?: string;
  cluster?: string;
  status?: OcdpInstanceStatus;
}

/**
 * A refused change: the API answers 409 with the pre-flight report, and nothing is applied.
 *
 * @public
 */
export interface OcdpInstanceRefusal {
  error: { name: 'ConflictError'; message: string };
  report: OcdpPrecheckReport;
}

/**
 * Published on the events topic `OCDP_INSTANCE_EVENTS_TOPIC` whenever an instance is made,
 * changed or removed, so the catalog provider updates its entity at once.
 *
 * @public
 */
export interface OcdpInstanceEvent {
  action: 'created' | 'changed' | 'deleted';
  instance: OcdpInstance;
}
