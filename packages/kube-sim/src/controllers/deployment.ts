/**
 * Deployment controller (simplified): one ReplicaSet per pod template (named
 * <deployment>-<pod-template-hash>), RollingUpdate bounded by maxSurge (default
 * 25%, rounded up) and maxUnavailable (default 25%, rounded down), Recreate
 * scales old ReplicaSets to zero before the new one is scaled up.
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

  private scale(rs: KObject, replicas: number): void {
    if ((rs.spec?.replicas ?? 0) === replicas) return;
    const type = this.store.typeOf('replicasets', 'apps');
    const cur = this.store.getObject(
      type,
      rs.metadata!.namespace,
      rs.metadata!.name!,
    );
    if (!cur) return;
    const next = deepClone(cur);
    next.spec.replicas = replicas;
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
            'deployment.kubernetes.io/desired-replicas': String(replicas),
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
      this.scale(newRs, replicas);
    } else if (strategy === 'Recreate') {
      old.forEach(rs => this.scale(rs, 0));
      if (!old.some(rs => (rs.status?.replicas ?? 0) > 0))
        this.scale(newRs, replicas);
    } else {
      const ru = d.spec?.strategy?.rollingUpdate ?? {};
      const maxSurge = resolveIntOrPercent(
        ru.maxSurge ?? '25%',
        replicas,
        true,
      );
      let maxUnavailable = resolveIntOrPercent(
        ru.maxUnavailable ?? '25%',
        replicas,
        false,
      );
      if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
      const specTotal = all.reduce((s, rs) => s + (rs.spec?.replicas ?? 0), 0);
      const newReplicas = newRs.spec?.replicas ?? 0;
      // scale up the new ReplicaSet, never above replicas + maxSurge pods in total
      const room = Math.min(
        replicas + maxSurge - specTotal,
        replicas - newReplicas,
      );
      if (room > 0) this.scale(newRs, newReplicas + room);
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
          this.scale(rs, cur - down);
          budget -= down;
        }
      }
    }
    this.updateStatus(d, hash);
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
