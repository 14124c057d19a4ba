/**
 * The object API of the SIMULATED server: create/update/patch/apply/delete with
 * defaulting and admission (LimitRanger, ResourceQuota), used by the HTTP router
 * and by the simulated controllers alike.
 */
import {
  admitLimitRanges,
  defaultLimitRange,
  defaultPod,
} from './admission/limitrange';
import { admitPodSecurity } from './admission/podsecurity';
import { checkQuota, computeQuotaStatus } from './admission/quota';
import { addWarning } from './admission/warnings';
import { recordUpdate, serverSideApply } from './apply';
import {
  KubeStatusError,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  notFound,
  unsupportedMediaType,
} from './errors';
import { applyJsonPatch, applyMergePatch, strategicMerge } from './patch';
import { ResourceType, apiVersionOf, resourceId } from './resources';
import { Entry, Store } from './store';
import { KObject, deepClone, nowTimestamp } from './util';

export interface WriteOptions {
  /** Field manager for managedFields (HTTP writes); controllers pass `internal`. */
  fieldManager?: string;
  dryRun?: boolean;
  /** Writes by simulated controllers: no managedFields, status kept as given. */
  internal?: boolean;
  subresource?: string;
  force?: boolean;
  /** managedFields were already computed (server-side apply). */
  skipManagedFields?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  dryRun?: boolean;
  preconditions?: { resourceVersion?: string; uid?: string };
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? '').split(';')[0].trim();
  switch (ct) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+json':
      return 'apply';
    default:
      throw unsupportedMediaType(ct);
  }
}

/** Types whose status is only writable through /status (status in main-resource writes is ignored). */
function hasStatusSubresource(type: ResourceType): boolean {
  return (type.subresources ?? []).includes('status');
}

export class KubeApi {
  private clusterIpCounter = 10;
  private nodePortCounter = 30000;

  constructor(readonly store: Store) {}

  private nsType(): ResourceType {
    return this.store.typeOf('namespaces');
  }

  private checkNamespace(
    type: ResourceType,
    ns: string | undefined,
    name: string,
  ): void {
    if (!type.namespaced) return;
    if (!ns)
      throw badRequest('an empty namespace may not be set during creation');
    const nsObj = this.store.getObject(this.nsType(), undefined, ns);
    if (!nsObj) throw notFound(this.nsType(), ns);
    if (
      nsObj.metadata?.deletionTimestamp ||
      nsObj.status?.phase === 'Terminating'
    ) {
      throw forbidden(
        type,
        name,
        `unable to create new content in namespace ${ns} because it is being terminated`,
      );
    }
  }

  private normalize(
    type: ResourceType,
    ns: string | undefined,
    body: KObject,
  ): KObject {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('the body of the request must be a JSON object');
    }
    const obj = deepClone(body);
    const av = apiVersionOf(type);
    if (obj.kind && obj.kind !== type.kind) {
      throw badRequest(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${av})`,
      );
    }
    obj.apiVersion = obj.apiVersion ?? av;
    obj.kind = type.kind;
    obj.metadata = obj.metadata ?? {};
    if (type.namespaced) {
      if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = ns ?? obj.metadata.namespace;
    } else {
      delete obj.metadata.namespace;
    }
    return obj;
  }

  /** Type-specific defaulting on create (what the real API server's defaulters and allocators do). */
  private defaultOnCreate(
    type: ResourceType,
    obj: KObject,
    internal: boolean,
  ): void {
    const id = resourceId(type);
    if (
      !internal &&
      hasStatusSubresource(type) &&
      id !== 'nodes' &&
      id !== 'namespaces'
    ) {
      delete obj.status;
    }
    switch (id) {
      case 'namespaces':
        obj.metadata!.labels = {
          ...obj.metadata!.labels,
          'kubernetes.io/metadata.name': obj.metadata!.name!,
        };
        obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) };
        obj.status = { phase: 'Active' };
        break;
      case 'pods':
        defaultPod(obj);
        break;
      case 'nodes':
        this.defaultNode(obj);
        break;
      case 'limitranges':
        defaultLimitRange(obj);
        break;
      case 'deployments.apps': {
        const spec = (obj.spec = obj.spec ?? {});
        spec.replicas = spec.replicas ?? 1;
        spec.revisionHistoryLimit = spec.revisionHistoryLimit ?? 10;
        spec.progressDeadlineSeconds = spec.progressDeadlineSeconds ?? 600;
        spec.strategy = spec.strategy ?? { type: 'RollingUpdate' };
        if ((spec.strategy.type ?? 'RollingUpdate') === 'RollingUpdate') {
          spec.strategy.type = 'RollingUpdate';
          spec.strategy.rollingUpdate = {
            maxSurge: '25%',
            maxUnavailable: '25%',
            ...(spec.strategy.rollingUpdate ?? {}),
          };
        }
        break;
      }
      case 'statefulsets.apps': {
        const spec = (obj.spec = obj.spec ?? {});
        spec.replicas = spec.replicas ?? 1;
        spec.podManagementPolicy = spec.podManagementPolicy ?? 'OrderedReady';
        spec.updateStrategy = spec.updateStrategy ?? {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 0 },
        };
        break;
      }
      case 'replicasets.apps':
        obj.spec = { replicas: 1, ...(obj.spec ?? {}) };
        break;
      case 'jobs.batch': {
        const spec = (obj.spec = obj.spec ?? {});
        spec.parallelism = spec.parallelism ?? 1;
        spec.completions = spec.completions ?? 1;
        spec.backoffLimit = spec.backoffLimit ?? 6;
        spec.completionMode = spec.completionMode ?? 'NonIndexed';
        break;
      }
      case 'services': {
        const spec = (obj.spec = obj.spec ?? {});
        spec.type = spec.type ?? 'ClusterIP';
        if (spec.clusterIP === undefined) {
          const n = this.clusterIpCounter++;
          spec.clusterIP = `10.96.${(n >> 8) & 255}.${n & 255}`;
          spec.clusterIPs = [spec.clusterIP];
        }
        spec.sessionAffinity = spec.sessionAffinity ?? 'None';
        for (const p of spec.ports ?? []) {
          p.protocol = p.protocol ?? 'TCP';
          p.targetPort = p.targetPort ?? p.port;
          if (
            (spec.type === 'NodePort' || spec.type === 'LoadBalancer') &&
            !p.nodePort
          ) {
            p.nodePort = this.nodePortCounter++;
          }
        }
        obj.status = obj.status ?? { loadBalancer: {} };
        break;
      }
      case 'persistentvolumeclaims': {
        const spec = (obj.spec = obj.spec ?? {});
        spec.volumeMode = spec.volumeMode ?? 'Filesystem';
        obj.status = {
          phase: 'Bound',
          accessModes: spec.accessModes ?? ['ReadWriteOnce'],
          capacity: { ...(spec.resources?.requests ?? {}) },
        };
        spec.volumeName =
          spec.volumeName ?? `pvc-${obj.metadata!.uid ?? this.store.rng.uid()}`;
        break;
      }
      case 'customresourcedefinitions.apiextensions.k8s.io':
        this.store.registry.addFromCrd(obj);
        obj.status = {
          conditions: [
            {
              type: 'Established',
              status: 'True',
              reason: 'InitialNamesAccepted',
              lastTransitionTime: nowTimestamp(),
            },
          ],
          acceptedNames: obj.spec?.names ?? {},
        };
        break;
      default:
        break;
    }
  }

  private nodeCounter = 0;

  /** Fills what a kubelet would report: allocatable = capacity, Ready condition, addresses, nodeInfo. */
  private defaultNode(node: KObject): void {
    const status = (node.status = node.status ?? {});
    const now = nowTimestamp();
    status.capacity = { pods: '110', ...(status.capacity ?? {}) };
    status.allocatable = status.allocatable ?? { ...status.capacity };
    if (!status.conditions) {
      status.conditions = [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status (SIMULATED)',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ];
    }
    const n = ++this.nodeCounter;
    status.addresses = status.addresses ?? [
      { type: 'InternalIP', address: `10.0.${(n >> 8) & 255}.${n & 255}` },
      { type: 'Hostname', address: node.metadata!.name },
    ];
    status.nodeInfo = status.nodeInfo ?? {
      kubeletVersion: 'v1.31.0-kube-sim',
      containerRuntimeVersion: 'containerd://simulated',
      osImage: 'SIMULATED',
      operatingSystem: 'linux',
      architecture: 'amd64',
      kernelVersion: 'simulated',
    };
    node.metadata!.labels = {
      'kubernetes.io/hostname': node.metadata!.name!,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      ...(node.metadata!.labels ?? {}),
    };
  }

  private admit(
    type: ResourceType,
    obj: KObject,
    old?: KObject,
    internal = false,
    subresource?: string,
  ): void {
    if (resourceId(type) === 'namespaces')
      this.admitPodSecurity(type, obj, old, internal);
    if (!type.namespaced) return;
    const ns = obj.metadata!.namespace!;
    if (!old && resourceId(type) === 'pods') {
      const lrType = this.store.typeOf('limitranges');
      const lrs = [...this.store.table(lrType).inNamespace(ns)].map(e => e.obj);
      admitLimitRanges(type, obj, lrs);
    }
    // validating admission order: PodSecurity before ResourceQuota
    this.admitPodSecurity(type, obj, old, internal, subresource);
    const rqType = this.store.typeOf('resourcequotas');
    if (resourceId(type) === 'resourcequotas') return;
    const quotas = [...this.store.table(rqType).inNamespace(ns)].map(
      e => e.obj,
    );
    if (quotas.length) checkQuota({ type, obj, oldObj: old, quotas });
  }

  /** Pod Security admission (warnings only reach HTTP callers, not controller writes). */
  private admitPodSecurity(
    type: ResourceType,
    obj: KObject,
    old: KObject | undefined,
    internal: boolean,
    subresource?: string,
  ): void {
    const ns = obj.metadata?.namespace;
    admitPodSecurity({
      type,
      obj,
      old,
      subresource,
      namespace: ns
        ? this.store.getObject(this.nsType(), undefined, ns)
        : undefined,
      podsInNamespace: () =>
        [
          ...this.store
            .table(this.store.typeOf('pods'))
            .inNamespace(obj.metadata!.name!),
        ].map(e => e.obj),
      warn: internal ? () => {} : addWarning,
    });
  }

  /** Computes status for a new or changed ResourceQuota (hard mirrors spec.hard; used recomputed). */
  refreshQuotaStatus(quota: KObject): void {
    const ns = quota.metadata!.namespace!;
    const tables = this.store.allTables().filter(t => t.type.namespaced);
    quota.status = computeQuotaStatus(
      quota,
      tables.map(t => ({ type: t.type, entries: t.inNamespace(ns) })),
    );
  }

  get(type: ResourceType, ns: string | undefined, name: string): KObject {
    return this.store.mustGet(type, ns, name).obj;
  }

  create(
    type: ResourceType,
    ns: string | undefined,
    body: KObject,
    opts: WriteOptions = {},
  ): KObject {
    const obj = this.normalize(type, ns, body);
    const md = obj.metadata!;
    if (!md.name && md.generateName) {
      md.name = `${md.generateName}${this.store.rng.suffix(5)}`;
    }
    if (!md.name) {
      throw new KubeStatusError(
        422,
        'Invalid',
        `${type.kind} "" is invalid: metadata.name: Required value: name or generateName is required`,
      );
    }
    this.checkNamespace(type, md.namespace, md.name);
    if (this.store.get(type, md.namespace, md.name)) {
      throw alreadyExists(type, md.name);
    }
    this.defaultOnCreate(type, obj, !!opts.internal);
    if (resourceId(type) === 'resourcequotas') this.refreshQuotaStatus(obj);
    this.admit(type, obj, undefined, !!opts.internal);
    if (!opts.internal && !opts.skipManagedFields) {
      recordUpdate(undefined, obj, opts.fieldManager ?? 'unknown');
    }
    if (opts.dryRun) return obj;
    return this.store.create(type, obj).obj;
  }

  /** PUT of the whole object (or of /status). 409 Conflict on a stale resourceVersion. */
  update(
    type: ResourceType,
    ns: string | undefined,
    name: string,
    body: KObject,
    opts: WriteOptions = {},
  ): KObject {
    const current = this.store.mustGet(type, ns, name);
    const obj = this.normalize(type, ns, body);
    if (obj.metadata!.name && obj.metadata!.name !== name) {
      throw badRequest(
        `the name of the object (${
          obj.metadata!.name
        }) does not match the name on the URL (${name})`,
      );
    }
    obj.metadata!.name = name;
    return this.write(type, current, obj, obj.metadata!.resourceVersion, opts);
  }

  private write(
    type: ResourceType,
    current: Entry,
    proposed: KObject,
    expectedRv: string | undefined,
    opts: WriteOptions,
  ): KObject {
    let obj = proposed;
    if (expectedRv && expectedRv !== current.obj.metadata!.resourceVersion) {
      throw conflict(type, current.obj.metadata!.name!);
    }
    if (opts.subresource === 'status') {
      obj = { ...deepClone(current.obj), status: obj.status };
    } else if (
      !opts.internal &&
      hasStatusSubresource(type) &&
      resourceId(type) !== 'namespaces'
    ) {
      obj.status = deepClone(current.obj.status);
    }
    if (resourceId(type) === 'resourcequotas' && opts.subresource !== 'status')
      this.refreshQuotaStatus(obj);
    if (resourceId(type) === 'limitranges') defaultLimitRange(obj);
    if (!opts.internal) {
      this.admit(type, obj, current.obj, false, opts.subresource);
      if (!opts.skipManagedFields) {
        recordUpdate(
          current.obj,
          obj,
          opts.fieldManager ?? 'unknown',
          opts.subresource,
        );
      }
    }
    if (opts.dryRun) return obj;
    // finalizers removed from an object being deleted: it goes away now
    if (
      current.obj.metadata?.deletionTimestamp &&
      !(obj.metadata?.finalizers ?? []).length
    ) {
      return this.store.remove(
        type,
        obj.metadata!.namespace,
        obj.metadata!.name!,
      ).obj;
    }
    return this.store.update(type, obj).obj;
  }

  patch(
    type: ResourceType,
    ns: string | undefined,
    name: string,
    patchType: PatchType,
    patch: any,
    opts: WriteOptions = {},
  ): KObject {
    if (patchType === 'apply') {
      return this.apply(type, ns, name, patch, opts);
    }
    const current = this.store.mustGet(type, ns, name);
    let patched: KObject;
    switch (patchType) {
      case 'json':
        patched = applyJsonPatch(current.obj, patch);
        break;
      case 'merge':
        patched = applyMergePatch(current.obj, patch);
        break;
      default:
        patched = strategicMerge(current.obj, patch);
    }
    const obj = this.normalize(type, ns, patched);
    obj.metadata!.name = name;
    const rv = obj.metadata!.resourceVersion;
    return this.write(
      type,
      current,
      obj,
      rv !== current.obj.metadata!.resourceVersion ? rv : undefined,
      opts,
    );
  }

  /** Server-side apply (PATCH application/apply-patch+yaml). Creates the object when absent. */
  apply(
    type: ResourceType,
    ns: string | undefined,
    name: string,
    body: KObject,
    opts: WriteOptions,
  ): KObject {
    if (!opts.fieldManager) {
      throw new KubeStatusError(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    if (!body || typeof body !== 'object')
      throw badRequest('invalid apply configuration');
    if (!body.apiVersion || !body.kind) {
      throw badRequest('invalid object type: /, Kind=');
    }
    if (body.metadata?.name && body.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const applied = this.normalize(type, ns, {
      ...body,
      metadata: { ...(body.metadata ?? {}), name },
    });
    const current = this.store.get(type, ns, name);
    const result = serverSideApply(
      current?.obj,
      applied,
      opts.fieldManager,
      !!opts.force,
      hasStatusSubresource(type),
    );
    if (!current) {
      return this.create(type, ns, result.obj, {
        dryRun: opts.dryRun,
        skipManagedFields: true,
      });
    }
    if (result.noop) return current.obj;
    return this.write(type, current, result.obj, undefined, {
      dryRun: opts.dryRun,
      skipManagedFields: true,
    });
  }

  /** Deletes an object; namespaces and objects with finalizers get a deletionTimestamp first. */
  delete(
    type: ResourceType,
    ns: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): KObject {
    const current = this.store.mustGet(type, ns, name);
    const pre = opts.preconditions;
    if (
      pre?.resourceVersion &&
      pre.resourceVersion !== current.obj.metadata?.resourceVersion
    ) {
      throw new KubeStatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${type.plural} "${name}": the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${current.obj.metadata?.resourceVersion}). The object might have been modified`,
      );
    }
    if (pre?.uid && pre.uid !== current.obj.metadata?.uid) {
      throw new KubeStatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${type.plural} "${name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.obj.metadata?.uid}`,
      );
    }
    if (opts.dryRun) return current.obj;
    if (opts.propagationPolicy === 'Orphan') {
      this.orphanDependents(current.obj);
    }
    const isNamespace = resourceId(type) === 'namespaces';
    const finalizers = current.obj.metadata?.finalizers ?? [];
    if (isNamespace || finalizers.length) {
      if (current.obj.metadata?.deletionTimestamp) return current.obj;
      const obj = deepClone(current.obj);
      obj.metadata!.deletionTimestamp = nowTimestamp();
      obj.metadata!.deletionGracePeriodSeconds = 0;
      if (isNamespace)
        obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
      return this.store.update(type, obj).obj;
    }
    return this.store.remove(type, ns, name).obj;
  }

  private orphanDependents(owner: KObject): void {
    for (const d of this.store.dependentsOf(owner.metadata!.uid!)) {
      const obj = deepClone(d.entry.obj);
      obj.metadata!.ownerReferences = (
        obj.metadata!.ownerReferences ?? []
      ).filter(r => r.uid !== owner.metadata!.uid);
      if (!obj.metadata!.ownerReferences!.length)
        delete obj.metadata!.ownerReferences;
      this.store.update(d.table.type, obj);
    }
  }
}
