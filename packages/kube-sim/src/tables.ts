/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`) of the SIMULATED
 * API server, with the columns and cell formats of upstream's
 * pkg/printers/internalversion/printers.go (server-side printing always generates the wide
 * columns, kubectl hides those with priority > 0 unless `-o wide`), and the default
 * Name / Created At table for every other kind.
 */
import { labelSelectorFromObject } from './selectors';
import { Entry, derived, entryJson } from './store';
import type { ResourceType } from './resources';
import { canonicalQuantity } from './quantity';
import type { KObject } from './util';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRequest {
  /** 'v1' or 'v1beta1' (meta.k8s.io). */
  version: 'v1' | 'v1beta1';
}

/**
 * The Table media type a request asks for, or undefined. Honours the order of the Accept
 * header: `application/json;as=Table;v=v1;g=meta.k8s.io, application/json` → Table v1.
 */
export function tableRequested(
  accept: string | undefined,
): TableRequest | undefined {
  if (!accept || !accept.includes('as=Table')) return undefined;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map(s => s.trim());
    if (type !== 'application/json' && type !== '*/*') continue;
    const p = Object.fromEntries(
      params.map(x => x.split('=').map(s => s.trim())),
    );
    if (!p.as) return undefined; // plain JSON preferred
    if (p.as !== 'Table' || (p.g && p.g !== 'meta.k8s.io')) continue;
    if (p.v === 'v1' || p.v === 'v1beta1') return { version: p.v };
  }
  return undefined;
}

export function parseIncludeObject(v: string | null): IncludeObject {
  if (v === 'None' || v === 'Object') return v;
  return 'Metadata';
}

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

const col = (
  name: string,
  description: string,
  priority = 0,
  type = 'string',
  format = '',
): Column => ({ name, type, format, description, priority });

const NAME = col(
  'Name',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  0,
  'string',
  'name',
);
const AGE = col(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
);
const CONTAINERS = col(
  'Containers',
  'Names of each container in the template.',
  1,
);
const IMAGES = col(
  'Images',
  'Images referenced by each container in the template.',
  1,
);
const SELECTOR = (d: string) => col('Selector', d, 1);

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0
      ? `${Math.trunc(hours / 24)}d`
      : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    return dy === 0
      ? `${Math.trunc(hours / 24 / 365)}y`
      : `${Math.trunc(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

function since(ts: string | undefined, now: number): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  return Number.isFinite(t) ? humanDuration(now - t) : '<unknown>';
}

function formatLabels(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map(k => `${k}=${m![k]}`).join(',') : '<none>';
}

function selectorString(sel: any): string {
  if (!sel) return '<none>';
  const reqs = labelSelectorFromObject(sel);
  if (!reqs.length) return '<none>';
  // metav1.LabelSelectorAsSelector().String(): requirements sorted by key
  return [...reqs]
    .sort((a, b) => (a.key < b.key ? -1 : Number(a.key > b.key)))
    .map(r => {
      switch (r.operator) {
        case 'Equals':
          return `${r.key}=${r.values[0]}`;
        case 'NotEquals':
          return `${r.key}!=${r.values[0]}`;
        case 'In':
          return `${r.key} in (${[...r.values].sort().join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${[...r.values].sort().join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
        default:
          return r.key;
      }
    })
    .join(',');
}

function containerCells(containers: any[] | undefined): [string, string] {
  const cs = containers ?? [];
  return [cs.map(c => c?.name).join(','), cs.map(c => c?.image).join(',')];
}

/** A row's cells, split around the age cell (the only one that changes by itself). */
interface RowCells {
  before: unknown[];
  /** Time stamp whose age is the next cell; undefined = no age cell. */
  ageOf?: { ts?: string };
  after: unknown[];
  conditions?: Array<{ type: string; status: string }>;
}

interface Printer {
  columns: Column[];
  row(obj: KObject, now: number): RowCells;
  /** Rows whose cells do not depend on the time apart from the age cell can be cached. */
  cacheable: boolean | ((obj: KObject) => boolean);
}

function podReason(pod: KObject): {
  ready: string;
  reason: string;
  restarts: unknown;
} {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const total = (spec.containers ?? []).length;
  let ready = 0;
  let restarts = 0;
  let reason: string = status.reason || status.phase || '';
  for (const c of status.containerStatuses ?? []) {
    restarts += c.restartCount ?? 0;
  }
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    if (c.state?.terminated?.exitCode === 0) continue;
    if (c.state?.terminated) {
      const t = c.state.terminated;
      if (t.reason) reason = `Init:${t.reason}`;
      else if (t.signal) reason = `Init:Signal:${t.signal}`;
      else reason = `Init:ExitCode:${t.exitCode}`;
    } else if (
      c.state?.waiting?.reason &&
      c.state.waiting.reason !== 'PodInitializing'
    ) {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const cs = status.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated)
        reason = c.state.terminated.signal
          ? `Signal:${c.state.terminated.signal}`
          : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const readyCond = (status.conditions ?? []).find(
        (c: any) => c.type === 'Ready',
      );
      reason = readyCond?.status === 'True' ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp) {
    reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  }
  return { ready: `${ready}/${total}`, reason, restarts };
}

const POD: Printer = {
  // "3 (5m ago)" restart cells change with time
  cacheable: pod =>
    !(pod.status?.containerStatuses ?? []).some(
      (c: any) => c.lastState?.terminated,
    ),
  columns: [
    NAME,
    col(
      'Ready',
      'The aggregate readiness state of this pod for accepting traffic.',
    ),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE,
    col(
      'IP',
      'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      1,
    ),
    col(
      'Node',
      'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename',
      1,
    ),
    col(
      'Nominated Node',
      'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.',
      1,
    ),
    col(
      'Readiness Gates',
      'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
      1,
    ),
  ],
  row(pod, now) {
    const { ready, reason, restarts } = podReason(pod);
    let lastRestart = 0;
    for (const c of pod.status?.containerStatuses ?? []) {
      const t = Date.parse(c.lastState?.terminated?.finishedAt ?? '');
      if (Number.isFinite(t) && t > lastRestart) lastRestart = t;
    }
    const restartsCell = lastRestart
      ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
      : restarts;
    const gates = pod.spec?.readinessGates ?? [];
    let gatesCell = '<none>';
    if (gates.length) {
      const trueConds = new Set(
        (pod.status?.conditions ?? [])
          .filter((c: any) => c.status === 'True')
          .map((c: any) => c.type),
      );
      gatesCell = `${
        gates.filter((g: any) => trueConds.has(g.conditionType)).length
      }/${gates.length}`;
    }
    const phase = pod.status?.phase;
    return {
      before: [pod.metadata?.name, ready, reason, restartsCell],
      ageOf: { ts: pod.metadata?.creationTimestamp },
      after: [
        pod.status?.podIP || '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        gatesCell,
      ],
      conditions:
        phase === 'Succeeded' || phase === 'Failed'
          ? [{ type: 'Completed', status: 'True' }]
          : undefined,
    };
  },
};

const NODE: Printer = {
  cacheable: true,
  columns: [
    NAME,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    AGE,
    col('Version', 'Kubelet Version reported by the node.'),
    col(
      'Internal-IP',
      "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).",
      1,
    ),
    col(
      'External-IP',
      "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).",
      1,
    ),
    col(
      'OS-Image',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      1,
    ),
    col(
      'Kernel-Version',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      1,
    ),
    col(
      'Container-Runtime',
      'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      1,
    ),
  ],
  row(node) {
    const conds = node.status?.conditions ?? [];
    const ready = conds.find((c: any) => c.type === 'Ready');
    const statuses: string[] = [];
    if (ready) statuses.push(ready.status === 'True' ? 'Ready' : 'NotReady');
    else statuses.push('Unknown');
    if (node.spec?.unschedulable) statuses.push('SchedulingDisabled');
    const labels = node.metadata?.labels ?? {};
    const roles = new Set<string>();
    for (const [k, v] of Object.entries(labels)) {
      if (k.startsWith('node-role.kubernetes.io/')) {
        const role = k.slice('node-role.kubernetes.io/'.length);
        if (role) roles.add(role);
      } else if (k === 'kubernetes.io/role' && v) roles.add(v as string);
    }
    const addr = (type: string) =>
      (node.status?.addresses ?? []).find((a: any) => a.type === type)
        ?.address ?? '<none>';
    const info = node.status?.nodeInfo ?? {};
    return {
      before: [
        node.metadata?.name,
        statuses.join(','),
        roles.size ? [...roles].sort().join(',') : '<none>',
      ],
      ageOf: { ts: node.metadata?.creationTimestamp },
      after: [
        info.kubeletVersion ?? '',
        addr('InternalIP'),
        addr('ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
};

const DEPLOYMENT: Printer = {
  cacheable: true,
  columns: [
    NAME,
    col('Ready', 'Number of the pod with ready state'),
    col(
      'Up-to-date',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    col(
      'Available',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR(
      "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
    ),
  ],
  row(d) {
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return {
      before: [
        d.metadata?.name,
        `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
        d.status?.updatedReplicas ?? 0,
        d.status?.availableReplicas ?? 0,
      ],
      ageOf: { ts: d.metadata?.creationTimestamp },
      after: [names, images, selectorString(d.spec?.selector)],
    };
  },
};

const REPLICASET: Printer = {
  cacheable: true,
  columns: [
    NAME,
    col(
      'Desired',
      'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works',
      0,
      'integer',
    ),
    col(
      'Current',
      'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works',
      0,
      'integer',
    ),
    col(
      'Ready',
      'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
      0,
      'integer',
    ),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR(
      "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
  ],
  row(rs) {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return {
      before: [
        rs.metadata?.name,
        rs.spec?.replicas ?? 1,
        rs.status?.replicas ?? 0,
        rs.status?.readyReplicas ?? 0,
      ],
      ageOf: { ts: rs.metadata?.creationTimestamp },
      after: [names, images, selectorString(rs.spec?.selector)],
    };
  },
};

const STATEFULSET: Printer = {
  cacheable: true,
  columns: [
    NAME,
    col('Ready', 'Number of the pod with ready state'),
    AGE,
    CONTAINERS,
    IMAGES,
  ],
  row(s) {
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return {
      before: [
        s.metadata?.name,
        `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`,
      ],
      ageOf: { ts: s.metadata?.creationTimestamp },
      after: [names, images],
    };
  },
};

function portString(ports: any[] | undefined): string {
  const ps = ports ?? [];
  if (!ps.length) return '<none>';
  return ps
    .map(p => {
      const proto = p.protocol ?? 'TCP';
      return p.nodePort
        ? `${p.port}:${p.nodePort}/${proto}`
        : `${p.port}/${proto}`;
    })
    .join(',');
}

function externalIp(svc: KObject): string {
  const type = svc.spec?.type ?? 'ClusterIP';
  const externalIPs: string[] = svc.spec?.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? [])
        .map((i: any) => i.ip || i.hostname)
        .filter(Boolean);
      const all = [...ingress, ...externalIPs];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

const SERVICE: Printer = {
  cacheable: true,
  columns: [
    NAME,
    col(
      'Type',
      'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
    ),
    col(
      'Cluster-IP',
      'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
    ),
    col(
      'External-IP',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.',
    ),
    col(
      'Port(s)',
      'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
    ),
    AGE,
    SELECTOR(
      'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/',
    ),
  ],
  row(s) {
    return {
      before: [
        s.metadata?.name,
        s.spec?.type ?? 'ClusterIP',
        s.spec?.clusterIP || '<none>',
        externalIp(s),
        portString(s.spec?.ports),
      ],
      ageOf: { ts: s.metadata?.creationTimestamp },
      after: [formatLabels(s.spec?.selector)],
    };
  },
};

const NAMESPACE: Printer = {
  cacheable: true,
  columns: [NAME, col('Status', 'The status of the namespace'), AGE],
  row(ns) {
    return {
      before: [ns.metadata?.name, ns.status?.phase ?? 'Active'],
      ageOf: { ts: ns.metadata?.creationTimestamp },
      after: [],
    };
  },
};

const EVENT: Printer = {
  cacheable: false,
  columns: [
    col(
      'Last Seen',
      'The time at which the most recent occurrence of this event was recorded.',
    ),
    col(
      'Type',
      'Type of this event (Normal, Warning), new types could be added in the future',
    ),
    col(
      'Reason',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    col('Object', 'The object that this event is about.'),
    col(
      'Subobject',
      'If the reference is to an object that is a subobject (e.g. a container of a pod), this is the path to that subobject.',
      1,
    ),
    col(
      'Source',
      'The component reporting this event. Should be a short machine understandable string.',
      1,
    ),
    col(
      'Message',
      'A human-readable description of the status of this operation.',
    ),
    col(
      'First Seen',
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      1,
    ),
    col('Count', 'The number of times this event has occurred.', 1),
    { ...NAME, priority: 1 },
  ],
  row(e, now) {
    let first = since(e.firstTimestamp, now);
    if (!e.firstTimestamp) first = since(e.eventTime, now);
    let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = since(e.series.lastObservedTime, now);
      count = e.series.count ?? count;
    } else if (!count) count = 1;
    const io = e.involvedObject ?? {};
    const target = io.name
      ? `${String(io.kind ?? '').toLowerCase()}/${io.name}`
      : String(io.kind ?? '').toLowerCase();
    const component =
      e.source?.component ||
      e.reportingComponent ||
      e.reportingController ||
      '';
    const instance = e.source?.host || e.reportingInstance || '';
    return {
      before: [
        last,
        e.type ?? '',
        e.reason ?? '',
        target,
        io.fieldPath ?? '',
        instance ? `${component}, ${instance}` : component,
        String(e.message ?? '').trim(),
        first,
        count,
        e.metadata?.name,
      ],
      after: [],
    };
  },
};

/** Kubernetes' SortableResourceNames order (plain string sort). */
function quotaColumns(q: KObject): [string, string] {
  const hard = q.status?.hard ?? {};
  const used = q.status?.used ?? {};
  const req: string[] = [];
  const lim: string[] = [];
  for (const r of Object.keys(hard).sort()) {
    const cell = `${r}: ${
      used[r] !== undefined ? canonicalQuantity(used[r]) : '0'
    }/${canonicalQuantity(hard[r])}`;
    const pieces = r.split('.');
    (pieces.length > 1 && pieces[0] === 'limits' ? lim : req).push(cell);
  }
  return [req.join(', '), lim.join(', ')];
}

const RESOURCEQUOTA: Printer = {
  cacheable: true,
  columns: [
    NAME,
    AGE,
    col(
      'Request',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    col(
      'Limit',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  row(q) {
    const [req, lim] = quotaColumns(q);
    return {
      before: [q.metadata?.name],
      ageOf: { ts: q.metadata?.creationTimestamp },
      after: [req, lim],
    };
  },
};

const ACCESS_MODES: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

function accessModes(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  return ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']
    .filter(m => set.has(m))
    .map(m => ACCESS_MODES[m])
    .join(',');
}

const PVC: Printer = {
  cacheable: true,
  columns: [
    NAME,
    col(
      'Status',
      'phase represents the current phase of PersistentVolumeClaim.',
    ),
    col(
      'Volume',
      'volumeName is the binding reference to the PersistentVolume backing this claim.',
    ),
    col(
      'Capacity',
      'capacity represents the actual resources of the underlying volume.',
    ),
    col(
      'Access Modes',
      'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1',
    ),
    col(
      'StorageClass',
      'storageClassName is the name of the StorageClass required by the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#class-1',
    ),
    col(
      'VolumeAttributesClass',
      'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.',
    ),
    AGE,
    col(
      'VolumeMode',
      'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.',
      1,
    ),
  ],
  row(p) {
    const phase = p.metadata?.deletionTimestamp
      ? 'Terminating'
      : p.status?.phase ?? '';
    const storage =
      p.spec?.volumeName && p.status?.capacity?.storage !== undefined
        ? canonicalQuantity(p.status.capacity.storage)
        : '';
    const cls =
      p.spec?.storageClassName ??
      p.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
      '';
    return {
      before: [
        p.metadata?.name,
        phase,
        p.spec?.volumeName ?? '',
        storage,
        accessModes(p.status?.accessModes),
        cls,
        p.spec?.volumeAttributesClassName ?? '<unset>',
      ],
      ageOf: { ts: p.metadata?.creationTimestamp },
      after: [p.spec?.volumeMode ?? '<unset>'],
    };
  },
};

function hasCondition(obj: KObject, type: string): boolean {
  return (obj.status?.conditions ?? []).some(
    (c: any) => c.type === type && c.status === 'True',
  );
}

const JOB: Printer = {
  cacheable: false,
  columns: [
    NAME,
    col('Status', 'Status of the job.'),
    col(
      'Completions',
      'The desired number of successfully finished pods the job should be run with.  Setting to null means that the success of any pod signals the success of all pods, and allows parallelism to have any positive value.  Setting to 1 means that parallelism is limited to 1 and the success of that pod signals the success of the job. More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/',
    ),
    col('Duration', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    SELECTOR(
      'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  row(j, now) {
    const succeeded = j.status?.succeeded ?? 0;
    let completions: string;
    if (j.spec?.completions !== undefined && j.spec?.completions !== null) {
      completions = `${succeeded}/${j.spec.completions}`;
    } else {
      const parallelism = j.spec?.parallelism ?? 0;
      completions =
        parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    const start = Date.parse(j.status?.startTime ?? '');
    const done = Date.parse(j.status?.completionTime ?? '');
    let duration = '';
    if (Number.isFinite(start))
      duration = humanDuration((Number.isFinite(done) ? done : now) - start);
    let status = 'Running';
    if (hasCondition(j, 'Complete')) status = 'Complete';
    else if (hasCondition(j, 'Failed')) status = 'Failed';
    else if (j.metadata?.deletionTimestamp) status = 'Terminating';
    else if (hasCondition(j, 'Suspended')) status = 'Suspended';
    else if (hasCondition(j, 'FailureTarget')) status = 'FailureTarget';
    else if (hasCondition(j, 'SuccessCriteriaMet'))
      status = 'SuccessCriteriaMet';
    const [names, images] = containerCells(j.spec?.template?.spec?.containers);
    return {
      before: [j.metadata?.name, status, completions, duration],
      ageOf: { ts: j.metadata?.creationTimestamp },
      after: [names, images, selectorString(j.spec?.selector)],
    };
  },
};

const DEFAULT: Printer = {
  cacheable: true,
  columns: [
    NAME,
    {
      name: 'Created At',
      type: 'date',
      format: '',
      description: AGE.description,
      priority: 0,
    },
  ],
  row(o) {
    return {
      before: [o.metadata?.name, o.metadata?.creationTimestamp ?? null],
      after: [],
    };
  },
};

const PRINTERS: Record<string, Printer> = {
  pods: POD,
  nodes: NODE,
  'deployments.apps': DEPLOYMENT,
  'replicasets.apps': REPLICASET,
  'statefulsets.apps': STATEFULSET,
  services: SERVICE,
  namespaces: NAMESPACE,
  events: EVENT,
  resourcequotas: RESOURCEQUOTA,
  persistentvolumeclaims: PVC,
  'jobs.batch': JOB,
};

/** A CRD's `additionalPrinterColumns` entry. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** The simple JSONPath subset CRD printer columns use: `.a.b`, `[0]`, `['k.x']`, `[?(@.type=="Ready")]`. */
export function jsonPathValue(obj: unknown, expr: string): unknown {
  const re =
    /\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\['([^']+)'\]|\[\?\(@\.([A-Za-z0-9_.]+)\s*==\s*["']([^"']*)["']\)\]/g;
  let values: unknown[] = [obj];
  let m: RegExpExecArray | null;
  const trimmed = expr
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^\$/, '');
  for (;;) {
    m = re.exec(trimmed);
    if (m === null) break;
    const next: unknown[] = [];
    for (const v of values) {
      if (v === null || typeof v !== 'object') continue;
      if (m[1] !== undefined || m[3] !== undefined) {
        const x = (v as any)[m[1] ?? m[3]];
        if (x !== undefined) next.push(x);
      } else if (m[2] !== undefined) {
        const x = Array.isArray(v) ? v[Number(m[2])] : undefined;
        if (x !== undefined) next.push(x);
      } else if (Array.isArray(v)) {
        for (const item of v) {
          const field = m[4]
            .split('.')
            .reduce<any>(
              (acc, k) => (acc === null || acc === undefined ? acc : acc[k]),
              item,
            );
          if (String(field) === m[5]) next.push(item);
        }
      }
    }
    values = next;
  }
  return values[0];
}

/** Cells of CRD printer columns, like apiextensions' table convertor (dates become ages). */
export function customPrinter(columns: PrinterColumn[]): Printer {
  return {
    cacheable: false,
    columns: [
      NAME,
      ...columns.map(c =>
        col(
          c.name,
          c.description ?? '',
          c.priority ?? 0,
          c.type,
          c.format ?? '',
        ),
      ),
    ],
    row(obj, now) {
      const cells: unknown[] = [obj.metadata?.name];
      for (const c of columns) {
        const v = jsonPathValue(obj, c.jsonPath);
        if (v === undefined || v === null) {
          cells.push(null);
        } else if (c.type === 'date') {
          cells.push(typeof v === 'string' ? since(v, now) : null);
        } else if (c.type === 'string') {
          cells.push(typeof v === 'object' ? JSON.stringify(v) : String(v));
        } else if (c.type === 'integer') {
          cells.push(typeof v === 'number' ? Math.trunc(v) : null);
        } else if (c.type === 'number') {
          cells.push(typeof v === 'number' ? v : null);
        } else if (c.type === 'boolean') {
          cells.push(typeof v === 'boolean' ? v : null);
        } else {
          cells.push(typeof v === 'object' ? JSON.stringify(v) : String(v));
        }
      }
      return { before: cells, after: [] };
    },
  };
}

const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
};
const READY = (extra: PrinterColumn[] = []): PrinterColumn[] => [
  ...extra,
  AGE_COLUMN,
  {
    name: 'Ready',
    type: 'string',
    jsonPath: '.status.conditions[?(@.type=="Ready")].status',
  },
  {
    name: 'Status',
    type: 'string',
    jsonPath: '.status.conditions[?(@.type=="Ready")].message',
  },
];

/** Flux's CRDs' printer columns (the simulator serves these kinds as if Flux were installed). */
const FLUX_COLUMNS: Record<string, PrinterColumn[]> = {
  'helmreleases.helm.toolkit.fluxcd.io': READY(),
  'helmrepositories.source.toolkit.fluxcd.io': READY([
    { name: 'URL', type: 'string', jsonPath: '.spec.url' },
  ]),
  'gitrepositories.source.toolkit.fluxcd.io': READY([
    { name: 'URL', type: 'string', jsonPath: '.spec.url' },
  ]),
};

/**
 * The printer columns of a custom resource: its CRD's `additionalPrinterColumns` (Age alone when
 * it has none, like the real server), or Flux's for the Flux kinds served without a CRD.
 */
export function customColumnsFor(
  type: ResourceType,
  crds: Iterable<KObject>,
): PrinterColumn[] | undefined {
  for (const crd of crds) {
    const spec = crd.spec;
    if (spec?.group !== type.group || spec?.names?.plural !== type.plural)
      continue;
    const v = (spec.versions ?? []).find((x: any) => x?.name === type.version);
    const cols: any[] | undefined =
      v?.additionalPrinterColumns ?? spec.additionalPrinterColumns;
    if (!cols?.length) return [AGE_COLUMN];
    return cols.map(c => ({
      name: c.name,
      type: c.type ?? 'string',
      format: c.format,
      description: c.description,
      priority: c.priority,
      jsonPath: c.jsonPath ?? c.JSONPath ?? '',
    }));
  }
  return FLUX_COLUMNS[`${type.plural}.${type.group}`];
}

export function printerFor(type: ResourceType): Printer {
  const id = type.group ? `${type.plural}.${type.group}` : type.plural;
  return PRINTERS[id] ?? DEFAULT;
}

/** PartialObjectMetadata JSON of a stored object (cached on the entry). */
function metadataJson(entry: Entry, apiVersion: string): string {
  return derived(entry, `table.meta.${apiVersion}`, () =>
    JSON.stringify({
      kind: 'PartialObjectMetadata',
      apiVersion,
      metadata: entry.obj.metadata ?? {},
    }),
  );
}

function cellsJson(cells: unknown[]): string {
  return cells.map(c => JSON.stringify(c === undefined ? null : c)).join(',');
}

/** A row split around its age cell: `{"cells":[<head>` + age + `<tail>]<conditions>`. */
interface RowParts {
  head: string;
  /** Creation time (ms) whose age is the cell after `head`; undefined = no age cell. */
  ageMs?: number;
  tail: string;
  conditions: string;
}

function rowParts(printer: Printer, obj: KObject, now: number): RowParts {
  const r = printer.row(obj, now);
  const before = cellsJson(r.before);
  const after = cellsJson(r.after);
  let ageMs: number | undefined;
  if (r.ageOf) {
    const t = r.ageOf.ts ? Date.parse(r.ageOf.ts) : NaN;
    ageMs = t;
  }
  return {
    head: `{"cells":[${before}`,
    ageMs,
    tail: after ? `,${after}` : '',
    conditions: r.conditions
      ? `,"conditions":${JSON.stringify(r.conditions)}`
      : '',
  };
}

/** One row as JSON text. Cacheable rows keep their parts on the (immutable) stored entry. */
function rowJson(
  printer: Printer,
  entry: Entry,
  now: number,
  include: IncludeObject,
  metaVersion: string,
  objectJson: (e: Entry) => string,
  age: (ms: number) => string,
): string {
  const cacheable =
    typeof printer.cacheable === 'function'
      ? printer.cacheable(entry.obj)
      : printer.cacheable;
  const parts = cacheable
    ? derived(entry, 'table.row', () => rowParts(printer, entry.obj, now))
    : rowParts(printer, entry.obj, now);
  let out = parts.head;
  if (parts.ageMs !== undefined) out += `,${age(parts.ageMs)}`;
  out += `${parts.tail}]${parts.conditions}`;
  if (include === 'Metadata')
    out += `,"object":${metadataJson(entry, metaVersion)}`;
  else if (include === 'Object') out += `,"object":${objectJson(entry)}`;
  return `${out}}`;
}

export interface TableOptions {
  version: 'v1' | 'v1beta1';
  include: IncludeObject;
  /** Omit the column definitions (a continued page may still carry them; the real server always does). */
  noHeaders?: boolean;
  /** Printer columns of a custom resource (see customColumnsFor). */
  customColumns?: PrinterColumn[];
  now?: number;
}

/** Renders a Table for entries as JSON text chunks (strings joined by the caller). */
export function renderTable(
  type: ResourceType,
  entries: Entry[],
  listMeta: Record<string, unknown>,
  opts: TableOptions,
): string[] {
  const printer = opts.customColumns
    ? customPrinter(opts.customColumns)
    : printerFor(type);
  const now = opts.now ?? Date.now();
  const metaVersion = `meta.k8s.io/${opts.version}`;
  const apiVersion = type.group
    ? `${type.group}/${type.version}`
    : type.version;
  const objectJson = (e: Entry) => {
    const json = entryJson(e);
    if (json.startsWith('{"apiVersion"') || json.startsWith('{"kind"'))
      return json;
    return `{"apiVersion":"${apiVersion}","kind":"${type.kind}",${json.slice(
      1,
    )}`;
  };
  const head = `{"kind":"Table","apiVersion":"${metaVersion}","metadata":${JSON.stringify(
    listMeta,
  )},"columnDefinitions":${
    opts.noHeaders ? 'null' : JSON.stringify(printer.columns)
  },"rows":[`;
  const out: string[] = [head];
  // many objects share a creation second: one HumanDuration per distinct age
  const ages = new Map<number, string>();
  const age = (ms: number): string => {
    if (!Number.isFinite(ms)) return '"<unknown>"';
    const key = Math.trunc((now - ms) / 1000);
    let text = ages.get(key);
    if (text === undefined) {
      text = JSON.stringify(humanDuration(now - ms));
      ages.set(key, text);
    }
    return text;
  };
  for (let i = 0; i < entries.length; i++) {
    const row = rowJson(
      printer,
      entries[i],
      now,
      opts.include,
      metaVersion,
      objectJson,
      age,
    );
    out.push(i ? `,${row}` : row);
  }
  out.push(']}');
  return out;
}
