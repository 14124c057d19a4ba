/**
 * What a change to a release does to its pods.
 * - `install`: every replica is new;
 * - `scale`: the difference between the running and the requested replicas;
 * - `upgrade`: the rollout's peak (running pods plus surge) and its end state.
 *
 * @public
 */
export type OcdpPrecheckOperation = 'install' | 'upgrade' | 'scale';

/**
 * `POST /api/ocdp/precheck`. Exactly one of `values`, `valuesYaml` or `manifests` (rendered
 * multi-document YAML, such as `helm template` output).
 *
 * @public
 */
export interface OcdpPrecheckRequest {
  tenant: string;
  cluster: string;
  operation: OcdpPrecheckOperation;
  /** The Helm release: required for `upgrade` and `scale`; its running pods are read live. */
  release?: string;
  /** Chart profile (built in: `model-server`, `vllm-production-stack`, `generic`); default `model-server`. */
  profile?: string;
  values?: Record<string, unknown>;
  valuesYaml?: string;
  manifests?: string;
  /** For `scale`: the replica count asked for (of the release's only workload). */
  replicas?: number;
}

/** Where a check's limit came from. @public */
export type OcdpQuotaSource = 'live' | 'stored';

/** One ResourceQuota key against what the change needs. Quantities are Kubernetes strings. @public */
export interface OcdpPrecheckQuotaCheck {
  /** ResourceQuota name (`ocdp-quota`, or any other quota in the namespace). */
  quota: string;
  key: string;
  /** What the change adds at its worst phase. */
  requested: string;
  used: string;
  hard: string;
  /** `hard - used`, never below 0. */
  available: string;
  ok: boolean;
  source: OcdpQuotaSource;
  /** For upgrades: the phase this check is about. */
  phase?: 'peak' | 'end';
}

/** @public */
export interface OcdpPrecheckCapacity {
  ok: boolean;
  /** How many new pods had to be placed. */
  pods: number;
  reasons: string[];
}

/** Whether the model's weights and one full-length sequence fit the pod's GPU memory. @public */
export interface OcdpPrecheckModelFit {
  model?: string;
  weightsGiB?: number;
  kvCacheGiB?: number;
  /** GPU memory vLLM may use across the pod's GPUs. */
  availableGiB: number;
  concurrentSequences?: number;
  /** A hint, never a refusal; undefined when the model size is unknown. */
  fits?: boolean;
}

/** `POST /api/ocdp/precheck` answer: whether the change fits, and why not in sentences. @public */
export interface OcdpPrecheckReport {
  ok: boolean;
  operation: OcdpPrecheckOperation;
  tenant: string;
  cluster: string;
  namespace: string;
  checks: OcdpPrecheckQuotaCheck[];
  capacity: OcdpPrecheckCapacity;
  /** Why it does not fit, as sentences a user understands. */
  reasons: string[];
  warnings: string[];
  modelFit?: OcdpPrecheckModelFit;
}
