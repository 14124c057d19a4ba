/**
 * Deployment controller (simplified): one ReplicaSet per pod template (named
 * <deployment>-<pod-template-hash>), RollingUpdate bounded by maxSurge (default
 * 25%, rounded up) and maxUnavailable (default 25%, rounded down), Recreate
 * scales old ReplicaSets to zero before the new one is scaled up. A change of
 * spec.replicas is a scaling event, handled before any rollout (upstream
 * `isScalingEvent` / `sync` / `scale`): the active ReplicaSets are resized first,
 * proportionally when several are active.
 */
import type { KubeApi } from '../api';
import type { Change, Store } from '../store';
import {
  KObject,
  deepClone,
  nowTimestamp,
  ownerRefTo,
  safeHash,
  stableStringify,
} from '../util';
import type { Controller } from './manager';
import {
  ownedBy,
  ownerKey,
  parseKey,
  resolveIntOrPercent,
  writeStatus,
} from './common';

const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';

/** maxSurge and maxUnavailable as upstream `ResolveFenceposts` and `MaxUnavailable` give them. */
function fenceposts(d: KObject): { surge: number; unavailable: number } {
  const replicas: number = d.spec?.replicas ?? 1;
  if ((d.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    return { surge: 0, unavailable: 0 };
  }
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const surge = resolveIntOrPercent(ru.maxSurge ?? '25%', replicas, true);
  let unavailable = resolveIntOrPercent(
    ru.maxUnavailable ?? '25%',
    replicas,
    false,
  );
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: Math.min(unavailable, replicas) };
}

export class DeploymentController implements Controller {
  readonly name = 'deployment';

  constructor(private readonly store: Store, private readonly api: KubeApi) {}

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.table.id === 'deployments.apps' && c.type !== 'DELETED')
      enqueue(c.key);
    if (c.table.id === 'replicasets.apps') {
      const key = ownerKey(c.entry.obj, 'Deployment');
      if (key) enqueue(key);
    }
  }

  /** Resizes a ReplicaSet, recording the deployment's size on it (upstream `scaleReplicaSet`). */
  private scale(rs: KObject, replicas: number, d?: KObject): void {
    const type = this.store.typeOf('replicasets', 'apps');
    const cur = this.store.getObject(
      type,
      rs.metadata!.namespace,
      rs.metadata!.name!,
    );
    if (!cur) return;
    const desired: number = d?.spec?.replicas ?? 1;
    const annotations: Record<string, string> = d
      ? {
          [DESIRED]: String(desired),
          [MAX]: String(desired + fenceposts(d).surge),
        }
      : {};
    const annotated = Object.entries(annotations).every(
      ([k, v]) => cur.metadata?.annotations?.[k] === v,
    );
    if ((cur.spec?.replicas ?? 0) === replicas && annotated) return;
    const next = deepClone(cur);
    next.spec.replicas = replicas;
    next.metadata = {
      ...next.metadata,
      annotations: { ...(next.metadata?.annotations ?? {}), ...annotations },
    };
    this.api.update(type, cur.metadata!.namespace, cur.metadata!.name!, next, {
      internal: true,
    });
  }

  reconcile(key: string): void {
    const type = this.store.typeOf('deployments', 'apps');
    const rsType = this.store.typeOf('replicasets', 'apps');
    const { ns, name } = parseKey(key);
    const d = this.store.getObject(type, ns, name);
    if (!d || d.metadata?.deletionTimestamp) return;
    const replicas: number = d.spec?.replicas ?? 1;
    const template = deepClone(d.spec?.template ?? {});
    const hash = safeHash(stableStringify(template));
    let all = ownedBy(this.store, d, 'replicasets.apps').map(e => e.obj);
    let newRs = all.find(rs => rs.metadata?.labels?.[HASH_LABEL] === hash);
    if (this.resized(d, all, newRs)) {
      this.updateStatus(d, hash);
      return;
    }
    if (!newRs) {
      const revision =
        Math.max(
          0,
          ...all.map(rs => Number(rs.metadata?.annotations?.[REVISION] ?? 0)),
        ) + 1;
      const oldActive = all.some(rs => (rs.spec?.replicas ?? 0) > 0);
      template.metadata = template.metadata ?? {};
      template.metadata.labels = {
        ...(template.metadata.labels ?? {}),
        [HASH_LABEL]: hash,
      };
      const rs: KObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace: ns,
          labels: { ...(template.metadata.labels ?? {}) },
          annotations: {
            [REVISION]: String(revision),
            [DESIRED]: String(replicas),
            [MAX]: String(replicas + fenceposts(d).surge),
          },
          ownerReferences: [ownerRefTo(d)],
        },
        spec: {
          // a first rollout (or a recreate with nothing left running) starts at full size
          replicas: oldActive ? 0 : replicas,
          selector: {
            ...(d.spec?.selector ?? {}),
            matchLabels: {
              ...(d.spec?.selector?.matchLabels ?? {}),
              [HASH_LABEL]: hash,
            },
          },
          template,
        },
      };
      newRs = this.api.create(rsType, ns, rs, { internal: true });
      all = [...all, newRs];
    }
    const old = all.filter(rs => rs !== newRs);
    const strategy = d.spec?.strategy?.type ?? 'RollingUpdate';
    if (
      !old.some(
        rs => (rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0,
      )
    ) {
      this.scale(newRs, replicas, d);
    } else if (strategy === 'Recreate') {
      old.forEach(rs => this.scale(rs, 0, d));
      if (!old.some(rs => (rs.status?.replicas ?? 0) > 0))
        this.scale(newRs, replicas, d);
    } else {
      const { surge: maxSurge, unavailable: maxUnavailable } = fenceposts(d);
      const specTotal = all.reduce((s, rs) => s + (rs.spec?.replicas ?? 0), 0);
      const newReplicas = newRs.spec?.replicas ?? 0;
      // scale up the new ReplicaSet, never above replicas + maxSurge pods in total
      const room = Math.min(
        replicas + maxSurge - specTotal,
        replicas - newReplicas,
      );
      if (room > 0) this.scale(newRs, newReplicas + room, d);
      // scale down old ones as long as replicas - maxUnavailable stay available
      const fresh = all.map(
        rs => this.store.getObject(rsType, ns, rs.metadata!.name!) ?? rs,
      );
      const freshNew = fresh.find(
        rs => rs.metadata?.uid === newRs!.metadata?.uid,
      )!;
      const total = fresh.reduce((s, rs) => s + (rs.spec?.replicas ?? 0), 0);
      const available = fresh.reduce(
        (s, rs) => s + (rs.status?.availableReplicas ?? 0),
        0,
      );
      const newUnavailable = Math.max(
        0,
        (freshNew.spec?.replicas ?? 0) -
          (freshNew.status?.availableReplicas ?? 0),
      );
      // maxScaledDown = allPods - minAvailable - newRSUnavailable, capped by what is available
      let budget = Math.min(
        total - (replicas - maxUnavailable) - newUnavailable,
        Math.max(0, available - (replicas - maxUnavailable)) +
          (total - available - newUnavailable),
      );
      for (const rs of fresh
        .filter(r => r !== freshNew)
        .sort((a, b) =>
          a.metadata!.creationTimestamp! < b.metadata!.creationTimestamp!
            ? -1
            : 1,
        )) {
        if (budget <= 0) break;
        const cur = rs.spec?.replicas ?? 0;
        const down = Math.min(cur, budget);
        if (down > 0) {
          this.scale(rs, cur - down, d);
          budget -= down;
        }
      }
    }
    this.updateStatus(d, hash);
  }

  /**
   * A scaling event (upstream `isScalingEvent`: an active ReplicaSet records another size than
   * spec.replicas) resizes the active ReplicaSets and ends the sync (upstream `scale`): a lone
   * one takes the new size, old ones go once the new one is saturated, and otherwise a rolling
   * Deployment's replicas + maxSurge is shared out in proportion to the sizes they recorded.
   */
  private resized(d: KObject, all: KObject[], newRs?: KObject): boolean {
    const replicas: number = d.spec?.replicas ?? 1;
    const size = (rs: KObject): number => rs.spec?.replicas ?? 0;
    const active = all.filter(rs => size(rs) > 0);
    const recorded = (rs: KObject, key: string): number | undefined => {
      const v = rs.metadata?.annotations?.[key];
      return v === undefined || Number.isNaN(Number(v)) ? undefined : Number(v);
    };
    if (
      !active.some(rs => {
        const desired = recorded(rs, DESIRED);
        return desired !== undefined && desired !== replicas;
      })
    ) {
      return false;
    }
    if (active.length === 1) {
      this.scale(active[0], replicas, d);
      return true;
    }
    if (
      newRs &&
      size(newRs) === replicas &&
      recorded(newRs, DESIRED) === replicas &&
      (newRs.status?.availableReplicas ?? 0) === replicas
    ) {
      active.filter(rs => rs !== newRs).forEach(rs => this.scale(rs, 0, d));
      return true;
    }
    if ((d.spec?.strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') {
      return true;
    }
    const { surge } = fenceposts(d);
    const allowed = replicas > 0 ? replicas + surge : 0;
    const toAdd = allowed - active.reduce((n, rs) => n + size(rs), 0);
    const created = (rs: KObject) => rs.metadata?.creationTimestamp ?? '';
    // larger first; among equal sizes newer first when growing, older first when shrinking
    const ordered = [...active].sort((a, b) => {
      if (size(a) !== size(b)) return size(b) - size(a);
      if (created(a) === created(b)) return 0;
      return (created(a) < created(b) ? 1 : -1) * (toAdd > 0 ? 1 : -1);
    });
    let added = 0;
    const sizes = ordered.map(rs => {
      if (toAdd === 0 || toAdd === added) return size(rs);
      const before = recorded(rs, MAX);
      const fraction =
        replicas === 0
          ? -size(rs)
          : Math.round(
              (size(rs) * allowed) /
                (before || Math.max(1, d.status?.replicas ?? 1)),
            ) - size(rs);
      const left = toAdd - added;
      const proportion =
        toAdd > 0 ? Math.min(fraction, left) : Math.max(fraction, left);
      added += proportion;
      return size(rs) + proportion;
    });
    if (toAdd !== 0) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
    ordered.forEach((rs, i) => this.scale(rs, sizes[i], d));
    return true;
  }

  private updateStatus(d: KObject, hash: string): void {
    const type = this.store.typeOf('deployments', 'apps');
    const rss = ownedBy(this.store, d, 'replicasets.apps').map(e => e.obj);
    const sum = (f: (rs: KObject) => number) =>
      rss.reduce((s, rs) => s + f(rs), 0);
    const replicas: number = d.spec?.replicas ?? 1;
    const newRs = rss.find(rs => rs.metadata?.labels?.[HASH_LABEL] === hash);
    const available = sum(rs => rs.status?.availableReplicas ?? 0);
    const updated = newRs?.status?.replicas ?? 0;
    const total = sum(rs => rs.status?.replicas ?? 0);
    const ru = d.spec?.strategy?.rollingUpdate ?? {};
    const maxUnavailable =
      d.spec?.strategy?.type === 'Recreate'
        ? 0
        : resolveIntOrPercent(ru.maxUnavailable ?? '25%', replicas, false);
    const complete =
      updated === replicas && total === replicas && available === replicas;
    const prev = d.status?.conditions ?? [];
    const cond = (
      condType: string,
      status: string,
      reason: string,
      message: string,
    ) => {
      const p = prev.find((c: any) => c.type === condType);
      const same = p && p.status === status;
      return {
        type: condType,
        status,
        lastUpdateTime:
          same && p.reason === reason ? p.lastUpdateTime : nowTimestamp(),
        lastTransitionTime: same ? p.lastTransitionTime : nowTimestamp(),
        reason,
        message,
      };
    };
    const isAvailable = available >= replicas - maxUnavailable;
    const failure = newRs?.status?.conditions?.find(
      (c: any) => c.type === 'ReplicaFailure',
    );
    const conditions = [
      cond(
        'Available',
        isAvailable ? 'True' : 'False',
        isAvailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        isAvailable
          ? 'Deployment has minimum availability.'
          : 'Deployment does not have minimum availability.',
      ),
      cond(
        'Progressing',
        'True',
        complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        complete
          ? `ReplicaSet "${newRs?.metadata?.name}" has successfully progressed.`
          : `ReplicaSet "${newRs?.metadata?.name}" is progressing.`,
      ),
      ...(failure
        ? [cond('ReplicaFailure', 'True', 'FailedCreate', failure.message)]
        : []),
    ];
    writeStatus(
      this.api,
      type,
      this.store.getObject(type, d.metadata!.namespace, d.metadata!.name!)!,
      {
        observedGeneration: d.metadata?.generation ?? 1,
        replicas: total,
        updatedReplicas: updated,
        readyReplicas: sum(rs => rs.status?.readyReplicas ?? 0),
        availableReplicas: available,
        ...(replicas - available > 0
          ? { unavailableReplicas: replicas - available }
          : {}),
        conditions,
      },
    );
  }
}
