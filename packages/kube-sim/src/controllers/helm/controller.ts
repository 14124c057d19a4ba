/**
 * Simulated Flux helm-controller (helm.toolkit.fluxcd.io/v2 HelmRelease).
 *
 * For a chart the simulator knows (see ./charts), a HelmRelease is installed like
 * helm-controller does it: values = chart defaults ← valuesFrom ← spec.values, the chart is
 * rendered into objects, Helm's ownership metadata and Flux's origin labels are added, the
 * objects are created through admission (quota, Pod Security) and owned by the release, a
 * Helm storage Secret `sh.helm.release.v1.<release>.v<N>` records the revision, and the
 * release waits for its workloads (kstatus-style) before `Released`/`Ready` turn True.
 * A changed spec (new config digest or chart version) upgrades with a three-way merge, so
 * Deployments roll with their strategy; objects dropped from the chart are deleted;
 * deleting the release uninstalls it. Pods that admission refuses (exceeded quota, Pod
 * Security) fail the release at once, with the ReplicaSet's FailedCreate message.
 */
import zlib from 'zlib';
import yaml from 'js-yaml';
import type { KubeApi } from '../../api';
import { withoutWarnings } from '../../admission/warnings';
import type { EventRecorder } from '../../events';
import type { ResourceType } from '../../resources';
import type { Change, Store } from '../../store';
import { KObject, deepClone, deepEqual, nowTimestamp } from '../../util';
import type { Controller } from '../manager';
import { errorMessage, parseKey, writeStatus } from '../common';
import { ChartRenderError, SimulatedChart } from './chart';
import { genericChart } from './generic';
import { modelServerChart } from './modelServer';
import { coalesceValues, sha256Digest, threeWayMerge } from './values';
import { vllmStackChart } from './vllmStack';

export const SIMULATED_CHARTS: SimulatedChart[] = [
  modelServerChart,
  vllmStackChart,
  genericChart,
];

export function findSimulatedChart(name: string): SimulatedChart | undefined {
  return SIMULATED_CHARTS.find(
    c => c.name === name || (c.aliases ?? []).includes(name),
  );
}

const HR_TABLE = 'helmreleases.helm.toolkit.fluxcd.io';
const FLUX_NAME = 'helm.toolkit.fluxcd.io/name';
const FLUX_NAMESPACE = 'helm.toolkit.fluxcd.io/namespace';
const RELEASE_NAME = 'meta.helm.sh/release-name';
const RELEASE_NAMESPACE = 'meta.helm.sh/release-namespace';
const REQUESTED_AT = 'reconcile.fluxcd.io/requestedAt';
const FINALIZER = 'finalizers.fluxcd.io';
const FIELD_MANAGER = 'helm-controller';
const COMPONENT = 'helm-controller';

/** Helm's InstallOrder (kinds not listed go last, in manifest order). */
const INSTALL_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
];

function installRank(kind: string | undefined): number {
  const i = INSTALL_ORDER.indexOf(kind ?? '');
  return i < 0 ? INSTALL_ORDER.length : i;
}

interface ResolvedChart {
  chart?: SimulatedChart;
  name: string;
  version: string;
  sourceNamespace: string;
}

interface Snapshot {
  name: string;
  namespace: string;
  version: number;
  status: string;
  chartName: string;
  chartVersion: string;
  appVersion: string;
  configDigest: string;
  digest: string;
  firstDeployed: string;
  lastDeployed: string;
  action?: string;
}

interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime?: string;
}

/** Go's time.Duration String() for whole seconds ("5m0s", "1h0m0s"). */
function goDuration(spec: unknown): string {
  const s = String(spec ?? '5m');
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (!m || !s) return '5m0s';
  let secs =
    Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  const h = Math.floor(secs / 3600);
  secs -= h * 3600;
  const min = Math.floor(secs / 60);
  secs -= min * 60;
  if (h) return `${h}h${min}m${secs}s`;
  if (min) return `${min}m${secs}s`;
  return `${secs}s`;
}

function isExactVersion(v: unknown): v is string {
  return (
    typeof v === 'string' && /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(v)
  );
}

function inventoryId(obj: KObject): string {
  const [group] = (obj.apiVersion ?? '').includes('/')
    ? (obj.apiVersion ?? '').split('/')
    : [''];
  return `${obj.metadata?.namespace ?? ''}_${obj.metadata?.name}_${group}_${
    obj.kind
  }`;
}

export class HelmReleaseController implements Controller {
  readonly name = 'helm-controller';

  constructor(
    private readonly store: Store,
    private readonly api: KubeApi,
    private readonly events: EventRecorder,
  ) {}

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.table.id === HR_TABLE) {
      if (c.type === 'DELETED') {
        const inv = c.entry.obj.status?.inventory?.entries;
        if (inv?.length) enqueue(`uninstall\u0002${JSON.stringify(inv)}`);
        return;
      }
      const before = c.old?.obj;
      const after = c.entry.obj;
      if (
        c.type === 'ADDED' ||
        before?.metadata?.generation !== after.metadata?.generation ||
        before?.metadata?.annotations?.[REQUESTED_AT] !==
          after.metadata?.annotations?.[REQUESTED_AT] ||
        !!before?.metadata?.deletionTimestamp !==
          !!after.metadata?.deletionTimestamp
      ) {
        enqueue(c.key);
      }
      return;
    }
    if (
      c.table.id === 'deployments.apps' ||
      c.table.id === 'statefulsets.apps' ||
      c.table.id === 'persistentvolumeclaims'
    ) {
      const obj = c.entry.obj;
      const name = obj.metadata?.labels?.[FLUX_NAME];
      const ns = obj.metadata?.labels?.[FLUX_NAMESPACE];
      if (name && ns) enqueue(`${ns}/${name}`);
    }
  }

  private hrType(): ResourceType {
    return this.store.typeOf('helmreleases', 'helm.toolkit.fluxcd.io');
  }

  reconcile(key: string): void {
    if (key.startsWith('uninstall\u0002')) {
      this.uninstall(JSON.parse(key.slice('uninstall\u0002'.length)));
      return;
    }
    const { ns, name } = parseKey(key);
    let hr = this.store.getObject(this.hrType(), ns, name);
    if (!hr) return;
    if (hr.metadata?.deletionTimestamp) {
      if ((hr.metadata.finalizers ?? []).includes(FINALIZER)) {
        withoutWarnings(() => this.finalize(hr!));
      }
      return;
    }
    if (hr.spec?.suspend) return;
    if (!(hr.metadata?.finalizers ?? []).includes(FINALIZER)) {
      // like helm-controller: the finalizer makes deletion wait for the uninstall
      const next = deepClone(hr);
      next.metadata!.finalizers = [
        ...(next.metadata!.finalizers ?? []),
        FINALIZER,
      ];
      hr = this.api.update(this.hrType(), ns, name, next, { internal: true });
    }
    withoutWarnings(() => this.reconcileRelease(hr!));
  }

  /** Deletion with the finalizer: uninstall (objects and Helm storage), then let go. */
  private finalize(hr: KObject): void {
    const status = hr.status ?? {};
    this.uninstall(status.inventory?.entries ?? []);
    const latest: Snapshot | undefined = status.history?.[0];
    if (latest) {
      const secretType = this.store.typeOf('secrets');
      const storageNs = status.storageNamespace ?? hr.metadata!.namespace!;
      for (const e of [
        ...this.store.table(secretType).inNamespace(storageNs),
      ]) {
        const l = e.obj.metadata?.labels ?? {};
        if (l.owner === 'helm' && l.name === latest.name) {
          try {
            this.api.delete(secretType, storageNs, e.obj.metadata!.name!);
          } catch {
            // already gone
          }
        }
      }
      this.events.record(
        hr,
        'Normal',
        'UninstallSucceeded',
        `Helm uninstall succeeded for release ${latest.namespace}/${latest.name}.v${latest.version} with chart ${latest.chartName}@${latest.chartVersion}`,
        COMPONENT,
      );
    }
    const next = deepClone(hr);
    next.metadata!.finalizers = (next.metadata!.finalizers ?? []).filter(
      f => f !== FINALIZER,
    );
    this.api.update(
      this.hrType(),
      hr.metadata!.namespace,
      hr.metadata!.name!,
      next,
      { internal: true },
    );
  }

  // ------------------------------------------------------------------ sources

  private resolveChart(hr: KObject): ResolvedChart | { error: string } {
    const ns = hr.metadata!.namespace!;
    const tmpl = hr.spec?.chart?.spec;
    if (tmpl?.chart) {
      const name = String(tmpl.chart).split('/').filter(Boolean).pop()!;
      const chart = findSimulatedChart(name);
      return {
        chart,
        name: chart?.name ?? name,
        version: isExactVersion(tmpl.version)
          ? tmpl.version.replace(/^v/, '')
          : chart?.defaultVersion ?? '0.0.0',
        sourceNamespace: tmpl.sourceRef?.namespace ?? ns,
      };
    }
    const ref = hr.spec?.chartRef;
    if (ref?.name) {
      const refNs = ref.namespace ?? ns;
      const type = this.store.registry
        .all()
        .find(
          t => t.kind === ref.kind && t.group === 'source.toolkit.fluxcd.io',
        );
      const source = type
        ? this.store.getObject(type, refNs, ref.name)
        : undefined;
      let name = String(ref.name);
      let version: string | undefined;
      if (source && ref.kind === 'OCIRepository') {
        const url = String(source.spec?.url ?? '');
        name = url.split('/').filter(Boolean).pop() ?? name;
        const tag = source.spec?.ref?.tag ?? source.spec?.ref?.semver;
        if (isExactVersion(tag)) version = tag.replace(/^v/, '');
      } else if (source && ref.kind === 'HelmChart') {
        name = String(source.spec?.chart ?? name)
          .split('/')
          .filter(Boolean)
          .pop()!;
        if (isExactVersion(source.spec?.version))
          version = source.spec.version.replace(/^v/, '');
      }
      const chart = findSimulatedChart(name);
      return {
        chart,
        name: chart?.name ?? name,
        version: version ?? chart?.defaultVersion ?? '0.0.0',
        sourceNamespace: refNs,
      };
    }
    return {
      error:
        'HelmRelease has neither spec.chart.spec.chart nor spec.chartRef: nothing to install',
    };
  }

  /** chart defaults ← valuesFrom (ConfigMaps/Secrets, in order) ← spec.values */
  private composeValues(hr: KObject, chart: SimulatedChart): any {
    let values: any = chart.defaults();
    const ns = hr.metadata!.namespace!;
    for (const ref of hr.spec?.valuesFrom ?? []) {
      const kind = ref?.kind === 'Secret' ? 'secrets' : 'configmaps';
      const src = this.store.getObject(this.store.typeOf(kind), ns, ref?.name);
      const key = ref?.valuesKey ?? 'values.yaml';
      if (!src) {
        if (ref?.optional) continue;
        throw new Error(
          `could not resolve ${ref?.kind} chart values reference '${ns}/${ref?.name}' with key '${key}': ${kind} "${ref?.name}" not found`,
        );
      }
      let text = src.data?.[key];
      if (text === undefined) {
        if (ref?.optional) continue;
        throw new Error(
          `missing key '${key}' in ${ref?.kind} '${ns}/${ref?.name}'`,
        );
      }
      if (kind === 'secrets')
        text = Buffer.from(text, 'base64').toString('utf8');
      const parsed = ref?.targetPath
        ? this.atPath(ref.targetPath, yaml.load(text))
        : yaml.load(text);
      values = coalesceValues(values, parsed ?? {});
    }
    return coalesceValues(values, hr.spec?.values ?? {});
  }

  private atPath(path: string, value: unknown): any {
    const parts = path.split('.');
    let out: any = value;
    for (const p of parts.reverse()) out = { [p]: out };
    return out;
  }

  // ------------------------------------------------------------------ reconcile

  private reconcileRelease(hr: KObject): void {
    const ns = hr.metadata!.namespace!;
    const gen = hr.metadata?.generation ?? 1;
    const status: any = deepClone(hr.status ?? {});
    status.conditions = status.conditions ?? [];
    const requestedAt = hr.metadata?.annotations?.[REQUESTED_AT];
    const retryRequested =
      requestedAt !== undefined &&
      requestedAt !== status.lastHandledReconcileAt;
    if (requestedAt !== undefined) status.lastHandledReconcileAt = requestedAt;

    const resolved = this.resolveChart(hr);
    if ('error' in resolved || !resolved.chart) {
      const message =
        'error' in resolved
          ? resolved.error
          : `Could not load chart: chart "${
              resolved.name
            }" is not simulated by kube-sim (simulated charts: ${SIMULATED_CHARTS.map(
              c => c.name,
            ).join(', ')})`;
      this.setCondition(
        status,
        gen,
        'Ready',
        'False',
        'ArtifactFailed',
        message,
      );
      status.observedGeneration = gen;
      this.writeHrStatus(hr, status);
      return;
    }
    const chart = resolved.chart;
    status.helmChart = `${resolved.sourceNamespace}/${ns}-${hr.metadata!.name}`;

    let values: any;
    try {
      values = this.composeValues(hr, chart);
    } catch (e) {
      this.setCondition(
        status,
        gen,
        'Ready',
        'False',
        'ValuesError',
        errorMessage(e),
      );
      status.observedGeneration = gen;
      this.writeHrStatus(hr, status);
      return;
    }
    const targetNs = hr.spec?.targetNamespace ?? ns;
    const release =
      hr.spec?.releaseName ??
      (hr.spec?.targetNamespace
        ? `${targetNs}-${hr.metadata!.name}`
        : hr.metadata!.name!);
    const storageNs = hr.spec?.storageNamespace ?? ns;
    status.storageNamespace = storageNs;
    const configDigest = sha256Digest(values);
    const history: Snapshot[] = status.history ?? [];
    const latest = history[0];
    const needsRelease =
      !latest ||
      latest.configDigest !== configDigest ||
      latest.chartVersion !== resolved.version ||
      latest.chartName !== chart.name ||
      latest.name !== release ||
      latest.namespace !== targetNs ||
      (retryRequested && latest.status === 'failed');
    if (needsRelease) {
      this.release(hr, status, {
        chart,
        version: resolved.version,
        release,
        targetNs,
        storageNs,
        values,
        configDigest,
      });
    }
    this.evaluate(hr, status);
    status.observedGeneration = gen;
    this.writeHrStatus(hr, status);
  }

  private writeHrStatus(hr: KObject, status: any): void {
    const current = this.store.getObject(
      this.hrType(),
      hr.metadata!.namespace,
      hr.metadata!.name!,
    );
    if (current) writeStatus(this.api, this.hrType(), current, status);
  }

  private setCondition(
    status: any,
    gen: number,
    type: string,
    s: Condition['status'],
    reason: string,
    message: string,
  ): void {
    const conds: Condition[] = status.conditions;
    const prev = conds.find(c => c.type === type);
    const next: Condition = {
      type,
      status: s,
      observedGeneration: gen,
      lastTransitionTime:
        prev && prev.status === s && prev.lastTransitionTime
          ? prev.lastTransitionTime
          : nowTimestamp(),
      reason,
      message,
    };
    if (prev) Object.assign(prev, next);
    else conds.push(next);
    // Ready first, like Flux's summarize
    const rank = (c: Condition) => (c.type === 'Ready' ? 0 : 1);
    conds.sort((a, b) => rank(a) - rank(b));
  }

  private deleteCondition(status: any, type: string): void {
    status.conditions = (status.conditions as Condition[]).filter(
      c => c.type !== type,
    );
  }

  // ------------------------------------------------------------------ install / upgrade

  private release(
    hr: KObject,
    status: any,
    r: {
      chart: SimulatedChart;
      version: string;
      release: string;
      targetNs: string;
      storageNs: string;
      values: any;
      configDigest: string;
    },
  ): void {
    const gen = hr.metadata?.generation ?? 1;
    const history: Snapshot[] = status.history ?? [];
    const latest = history[0];
    const sameRelease =
      latest && latest.name === r.release && latest.namespace === r.targetNs;
    const action: 'install' | 'upgrade' = sameRelease ? 'upgrade' : 'install';
    const chartRef = `${r.chart.name}@${r.version}`;
    status.lastAttemptedReleaseAction = action;
    status.lastAttemptedGeneration = gen;
    status.lastAttemptedRevision = r.version;
    status.lastAttemptedConfigDigest = r.configDigest;
    delete status.lastAttemptedValuesChecksum;
    const fail = (detail: string) => {
      const reason = action === 'install' ? 'InstallFailed' : 'UpgradeFailed';
      const message = `Helm ${action} failed for release ${r.targetNs}/${r.release} with chart ${chartRef}: ${detail}`;
      status.failures = (status.failures ?? 0) + 1;
      if (action === 'install')
        status.installFailures = (status.installFailures ?? 0) + 1;
      else status.upgradeFailures = (status.upgradeFailures ?? 0) + 1;
      this.setCondition(status, gen, 'Released', 'False', reason, message);
      this.events.record(hr, 'Warning', reason, message, COMPONENT);
    };

    let objects: KObject[];
    try {
      objects = r.chart.render({
        release: r.release,
        namespace: r.targetNs,
        chart: r.chart.name,
        version: r.version,
        appVersion: r.chart.appVersion,
        values: r.values,
      });
    } catch (e) {
      fail(e instanceof ChartRenderError ? e.message : errorMessage(e));
      return;
    }
    const hrNs = hr.metadata!.namespace!;
    for (const o of objects) {
      const md = (o.metadata = o.metadata ?? {});
      md.namespace = r.targetNs;
      md.labels = {
        ...(md.labels ?? {}),
        [FLUX_NAME]: hr.metadata!.name!,
        [FLUX_NAMESPACE]: hrNs,
      };
      md.annotations = {
        ...(md.annotations ?? {}),
        [RELEASE_NAME]: r.release,
        [RELEASE_NAMESPACE]: r.targetNs,
      };
      // owned by the release so that deleting it uninstalls (owners must share the namespace)
      if (r.targetNs === hrNs) {
        md.ownerReferences = [
          {
            apiVersion: hr.apiVersion!,
            kind: hr.kind!,
            name: hr.metadata!.name!,
            uid: hr.metadata!.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ];
      }
    }
    objects.sort((a, b) => installRank(a.kind) - installRank(b.kind));

    // Helm refuses to adopt objects that another release (or nobody) owns
    for (const o of objects) {
      const type = this.typeOf(o);
      if (!type) continue;
      const live = this.store.getObject(
        type,
        o.metadata!.namespace,
        o.metadata!.name!,
      );
      if (!live) continue;
      const problems = this.ownershipProblems(live, r.release, r.targetNs);
      if (problems.length) {
        const where = type.namespaced
          ? ` in namespace "${o.metadata!.namespace}"`
          : '';
        fail(
          `${
            action === 'install'
              ? 'rendered manifests contain a resource that already exists. Unable to continue with install'
              : 'Unable to continue with update'
          }: ${o.kind} "${
            o.metadata!.name
          }"${where} exists and cannot be imported into the current release: invalid ownership metadata; ${problems.join(
            '; ',
          )}`,
        );
        return;
      }
    }

    const version = sameRelease ? latest!.version + 1 : 1;
    const previous = sameRelease
      ? this.readManifest(r.storageNs, r.release, latest!.version)
      : [];
    const now = nowTimestamp();
    const snapshot: Snapshot = {
      name: r.release,
      namespace: r.targetNs,
      version,
      status: action === 'install' ? 'pending-install' : 'pending-upgrade',
      chartName: r.chart.name,
      chartVersion: r.version,
      appVersion: r.chart.appVersion,
      configDigest: r.configDigest,
      digest: '',
      firstDeployed: sameRelease ? latest!.firstDeployed : now,
      lastDeployed: now,
      action,
    };
    const manifest = objects.map(o => {
      const m = deepClone(o);
      delete m.metadata!.ownerReferences;
      return m;
    });
    snapshot.digest = sha256Digest({
      snapshot: { ...snapshot, status: '' },
      manifest,
    });
    try {
      this.writeStorage(hr, r.storageNs, snapshot, r.values, manifest);
    } catch (e) {
      fail(errorMessage(e));
      return;
    }

    if (
      hr.spec?.install?.createNamespace &&
      !this.store.getObject(
        this.store.typeOf('namespaces'),
        undefined,
        r.targetNs,
      )
    ) {
      try {
        this.api.create(
          this.store.typeOf('namespaces'),
          undefined,
          { metadata: { name: r.targetNs } },
          { fieldManager: FIELD_MANAGER },
        );
      } catch (e) {
        fail(`failed to create namespace: ${errorMessage(e)}`);
        return;
      }
    }
    // apply in install order
    for (const o of objects) {
      const type = this.typeOf(o);
      if (!type) {
        fail(
          `resource mapping not found for name: "${
            o.metadata!.name
          }" namespace: "${
            o.metadata!.namespace
          }" from "": no matches for kind "${o.kind}" in version "${
            o.apiVersion
          }"`,
        );
        this.setStorageStatus(r.storageNs, r.release, version, 'failed');
        this.pushHistory(status, hr, { ...snapshot, status: 'failed' });
        return;
      }
      const live = this.store.getObject(
        type,
        o.metadata!.namespace,
        o.metadata!.name!,
      );
      try {
        if (!live) {
          this.api.create(type, o.metadata!.namespace, o, {
            fieldManager: FIELD_MANAGER,
          });
        } else {
          const old = previous.find(
            p => p.kind === o.kind && p.metadata?.name === o.metadata?.name,
          );
          const merged = threeWayMerge(live, old, o);
          merged.metadata.resourceVersion = live.metadata!.resourceVersion;
          merged.status = live.status;
          if (!deepEqual(merged, live)) {
            this.api.update(
              type,
              o.metadata!.namespace,
              o.metadata!.name!,
              merged,
              {
                fieldManager: FIELD_MANAGER,
              },
            );
          }
        }
      } catch (e) {
        fail(
          live
            ? `cannot patch "${o.metadata!.name}" with kind ${
                o.kind
              }: ${errorMessage(e)}`
            : `failed to create resource: ${errorMessage(e)}`,
        );
        this.setStorageStatus(r.storageNs, r.release, version, 'failed');
        this.pushHistory(status, hr, { ...snapshot, status: 'failed' });
        return;
      }
    }
    // objects the new revision no longer renders are deleted
    for (const p of previous) {
      if (
        objects.some(
          o => o.kind === p.kind && o.metadata?.name === p.metadata?.name,
        )
      )
        continue;
      const type = this.typeOf(p);
      if (!type) continue;
      const live = this.store.getObject(
        type,
        p.metadata?.namespace,
        p.metadata!.name!,
      );
      if (live && live.metadata?.annotations?.[RELEASE_NAME] === r.release) {
        try {
          this.api.delete(type, p.metadata?.namespace, p.metadata!.name!);
        } catch {
          // already gone
        }
      }
    }
    status.inventory = {
      entries: objects.map(o => ({
        id: inventoryId(o),
        v: (o.apiVersion ?? '').split('/').pop(),
      })),
    };
    this.pushHistory(status, hr, snapshot);
    const wait =
      action === 'install'
        ? !hr.spec?.install?.disableWait
        : !hr.spec?.upgrade?.disableWait;
    if (!wait) this.succeed(hr, status);
    else {
      const msg = `Running '${action}' action with timeout of ${goDuration(
        hr.spec?.[action]?.timeout ?? hr.spec?.timeout,
      )}`;
      this.setCondition(status, gen, 'Reconciling', 'True', 'Progressing', msg);
    }
  }

  private ownershipProblems(
    live: KObject,
    release: string,
    ns: string,
  ): string[] {
    const out: string[] = [];
    const labels = live.metadata?.labels ?? {};
    const ann = live.metadata?.annotations ?? {};
    const check = (
      kind: 'label' | 'annotation',
      map: Record<string, string>,
      key: string,
      want: string,
    ) => {
      if (map[key] === undefined)
        out.push(
          `${kind} validation error: missing key "${key}": must be set to "${want}"`,
        );
      else if (map[key] !== want)
        out.push(
          `${kind} validation error: key "${key}" must equal "${want}": current value is "${map[key]}"`,
        );
    };
    check('label', labels, 'app.kubernetes.io/managed-by', 'Helm');
    check('annotation', ann, RELEASE_NAME, release);
    check('annotation', ann, RELEASE_NAMESPACE, ns);
    return out;
  }

  private pushHistory(status: any, hr: KObject, snap: Snapshot): void {
    const max = Number(hr.spec?.maxHistory ?? 5) || 5;
    const history: Snapshot[] = (status.history ?? []).filter(
      (h: Snapshot) => !(h.name === snap.name && h.version === snap.version),
    );
    status.history = [snap, ...history].slice(0, max);
    status.lastReleaseRevision = snap.version;
  }

  private typeOf(o: KObject): ResourceType | undefined {
    return this.store.registry.byApiVersionKind(
      o.apiVersion ?? '',
      o.kind ?? '',
    );
  }

  // ------------------------------------------------------------------ Helm storage

  private secretName(release: string, version: number): string {
    return `sh.helm.release.v1.${release}.v${version}`;
  }

  private writeStorage(
    hr: KObject,
    ns: string,
    snap: Snapshot,
    values: any,
    manifest: KObject[],
  ): void {
    const type = this.store.typeOf('secrets');
    const rel = {
      name: snap.name,
      namespace: snap.namespace,
      version: snap.version,
      info: {
        first_deployed: snap.firstDeployed,
        last_deployed: snap.lastDeployed,
        status: snap.status,
        description:
          snap.action === 'install' ? 'Install complete' : 'Upgrade complete',
      },
      chart: {
        metadata: {
          name: snap.chartName,
          version: snap.chartVersion,
          appVersion: snap.appVersion,
          apiVersion: 'v2',
        },
      },
      config: values,
      manifest: manifest
        .map(m => `---\n${yaml.dump(m, { lineWidth: -1, noRefs: true })}`)
        .join(''),
    };
    // Helm stores base64(gzip(json)); the API adds its own base64 on top
    const helmBytes = zlib
      .gzipSync(Buffer.from(JSON.stringify(rel)))
      .toString('base64');
    const secret: KObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: {
        name: this.secretName(snap.name, snap.version),
        namespace: ns,
        labels: {
          name: snap.name,
          owner: 'helm',
          status: snap.status,
          version: String(snap.version),
          modifiedAt: String(Math.floor(Date.now() / 1000)),
        },
        ...(ns === hr.metadata!.namespace
          ? {
              ownerReferences: [
                {
                  apiVersion: hr.apiVersion!,
                  kind: hr.kind!,
                  name: hr.metadata!.name!,
                  uid: hr.metadata!.uid!,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            }
          : {}),
      },
      data: { release: Buffer.from(helmBytes).toString('base64') },
    };
    const existing = this.store.getObject(type, ns, secret.metadata!.name!);
    if (existing) this.api.delete(type, ns, secret.metadata!.name!);
    this.api.create(type, ns, secret, { fieldManager: FIELD_MANAGER });
    // maxHistory: drop the oldest revisions
    const max = Number(hr.spec?.maxHistory ?? 5) || 5;
    for (let v = snap.version - max; v > 0; v--) {
      const name = this.secretName(snap.name, v);
      if (!this.store.getObject(type, ns, name)) break;
      this.api.delete(type, ns, name);
    }
  }

  private readManifest(
    ns: string,
    release: string,
    version: number,
  ): KObject[] {
    const secret = this.store.getObject(
      this.store.typeOf('secrets'),
      ns,
      this.secretName(release, version),
    );
    const data = secret?.data?.release;
    if (!data) return [];
    try {
      const helmBytes = Buffer.from(data, 'base64').toString('utf8');
      const rel = JSON.parse(
        zlib.gunzipSync(Buffer.from(helmBytes, 'base64')).toString('utf8'),
      );
      return yaml.loadAll(rel.manifest ?? '').filter(Boolean) as KObject[];
    } catch {
      return [];
    }
  }

  private setStorageStatus(
    ns: string,
    release: string,
    version: number,
    s: string,
  ): void {
    const type = this.store.typeOf('secrets');
    const secret = this.store.getObject(
      type,
      ns,
      this.secretName(release, version),
    );
    if (!secret || secret.metadata?.labels?.status === s) return;
    const next = deepClone(secret);
    next.metadata!.labels = { ...(next.metadata!.labels ?? {}), status: s };
    this.api.update(type, ns, next.metadata!.name!, next, { internal: true });
  }

  // ------------------------------------------------------------------ wait / status

  /** kstatus-like readiness of the release's workloads: ready, failed (with why) or in progress. */
  private workloadState(status: any): {
    state: 'ready' | 'failed' | 'progressing';
    detail?: string;
  } {
    const entries: Array<{ id: string }> = status.inventory?.entries ?? [];
    let progressing = false;
    for (const e of entries) {
      const [ns, name, group, kind] = e.id.split('_');
      if (kind === 'Deployment' && group === 'apps') {
        const d = this.store.getObject(
          this.store.typeOf('deployments', 'apps'),
          ns,
          name,
        );
        if (!d) continue;
        const failure = (d.status?.conditions ?? []).find(
          (c: any) => c.type === 'ReplicaFailure' && c.status === 'True',
        );
        if (failure) {
          return {
            state: 'failed',
            detail: `Deployment/${ns}/${name} ${failure.reason}: ${failure.message}`,
          };
        }
        const replicas = d.spec?.replicas ?? 1;
        const s = d.status ?? {};
        if (
          (s.observedGeneration ?? 0) < (d.metadata?.generation ?? 1) ||
          (s.updatedReplicas ?? 0) < replicas ||
          (s.replicas ?? 0) > replicas ||
          (s.availableReplicas ?? 0) < replicas ||
          (s.readyReplicas ?? 0) < replicas
        )
          progressing = true;
      } else if (kind === 'StatefulSet' && group === 'apps') {
        const sts = this.store.getObject(
          this.store.typeOf('statefulsets', 'apps'),
          ns,
          name,
        );
        if (!sts) continue;
        const replicas = sts.spec?.replicas ?? 1;
        if ((sts.status?.readyReplicas ?? 0) < replicas) progressing = true;
      } else if (kind === 'PersistentVolumeClaim') {
        const pvc = this.store.getObject(
          this.store.typeOf('persistentvolumeclaims'),
          ns,
          name,
        );
        if (pvc && pvc.status?.phase !== 'Bound') progressing = true;
      }
    }
    return { state: progressing ? 'progressing' : 'ready' };
  }

  /** Re-evaluates a pending (or failed-while-waiting) release against its workloads. */
  private evaluate(hr: KObject, status: any): void {
    const latest: Snapshot | undefined = status.history?.[0];
    const gen = hr.metadata?.generation ?? 1;
    if (!latest) {
      this.summarize(status, gen);
      return;
    }
    const action =
      latest.action ?? (latest.version === 1 ? 'install' : 'upgrade');
    const pending = latest.status.startsWith('pending-');
    const failedWaiting =
      latest.status === 'failed' &&
      status.failedWhileWaiting === latest.version;
    if (!pending && !failedWaiting) {
      this.summarize(status, gen);
      return;
    }
    const w = this.workloadState(status);
    if (w.state === 'ready') {
      this.succeed(hr, status);
    } else if (w.state === 'failed') {
      const reason = action === 'install' ? 'InstallFailed' : 'UpgradeFailed';
      const message = `Helm ${action} failed for release ${latest.namespace}/${latest.name} with chart ${latest.chartName}@${latest.chartVersion}: ${w.detail}`;
      if (pending) {
        latest.status = 'failed';
        status.failedWhileWaiting = latest.version;
        status.failures = (status.failures ?? 0) + 1;
        if (action === 'install')
          status.installFailures = (status.installFailures ?? 0) + 1;
        else status.upgradeFailures = (status.upgradeFailures ?? 0) + 1;
        this.setStorageStatus(
          status.storageNamespace,
          latest.name,
          latest.version,
          'failed',
        );
        this.events.record(hr, 'Warning', reason, message, COMPONENT);
      }
      // (still failing: the message follows the current cause, e.g. another quota)
      this.setCondition(status, gen, 'Released', 'False', reason, message);
      this.deleteCondition(status, 'Reconciling');
    }
    this.summarize(status, gen);
  }

  private succeed(hr: KObject, status: any): void {
    const latest: Snapshot = status.history[0];
    const gen = hr.metadata?.generation ?? 1;
    const action =
      latest.action ?? (latest.version === 1 ? 'install' : 'upgrade');
    latest.status = 'deployed';
    delete status.failedWhileWaiting;
    for (const h of (status.history as Snapshot[]).slice(1)) {
      if (h.status === 'deployed') {
        h.status = 'superseded';
        this.setStorageStatus(
          status.storageNamespace,
          h.name,
          h.version,
          'superseded',
        );
      }
    }
    this.setStorageStatus(
      status.storageNamespace,
      latest.name,
      latest.version,
      'deployed',
    );
    const reason =
      action === 'install' ? 'InstallSucceeded' : 'UpgradeSucceeded';
    const message = `Helm ${action} succeeded for release ${latest.namespace}/${latest.name}.v${latest.version} with chart ${latest.chartName}@${latest.chartVersion}`;
    this.setCondition(status, gen, 'Released', 'True', reason, message);
    this.deleteCondition(status, 'Reconciling');
    delete status.failures;
    this.events.record(hr, 'Normal', reason, message, COMPONENT);
    this.summarize(status, gen);
  }

  /** Ready mirrors Released, or says the action is running while the release waits. */
  private summarize(status: any, gen: number): void {
    const conds: Condition[] = status.conditions;
    const reconciling = conds.find(c => c.type === 'Reconciling');
    const released = conds.find(c => c.type === 'Released');
    if (reconciling && reconciling.status === 'True') {
      this.setCondition(
        status,
        gen,
        'Ready',
        'Unknown',
        'Progressing',
        reconciling.message,
      );
    } else if (released) {
      this.setCondition(
        status,
        gen,
        'Ready',
        released.status,
        released.reason,
        released.message,
      );
    }
  }

  // ------------------------------------------------------------------ uninstall

  /** Deletes the objects of a release listed in its inventory (if Helm still owns them). */
  private uninstall(entries: Array<{ id: string; v: string }>): void {
    for (const e of entries) {
      const [ns, name, group, kind] = e.id.split('_');
      const type = this.store.registry.byApiVersionKind(
        group ? `${group}/${e.v}` : e.v,
        kind,
      );
      if (!type) continue;
      const live = this.store.getObject(type, ns || undefined, name);
      if (!live || !live.metadata?.annotations?.[RELEASE_NAME]) continue;
      try {
        this.api.delete(type, ns || undefined, name);
      } catch {
        // already gone
      }
    }
  }
}
