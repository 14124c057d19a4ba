/** ReplicaSet controller: keeps spec.replicas active pods, creating them through admission. */
import type { KubeApi } from '../api';
import type { EventRecorder } from '../events';
import type { Change, Store } from '../store';
import type { Controller } from './manager';
import {
  errorMessage,
  isPodActive,
  isPodReady,
  ownedBy,
  ownerKey,
  parseKey,
  podFromTemplate,
  scaleDownOrder,
  writeStatus,
} from './common';

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';

  constructor(
    private readonly store: Store,
    private readonly api: KubeApi,
    private readonly events: EventRecorder,
  ) {}

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.table.id === 'replicasets.apps') {
      // spec changes only: status-only writes (our own) must not re-trigger failed creates
      const gen = (e?: { obj: any }) => e?.obj.metadata?.generation;
      if (
        c.type === 'ADDED' ||
        (c.type === 'MODIFIED' && gen(c.old) !== gen(c.entry))
      )
        enqueue(c.key);
    } else if (
      (c.table.id === 'resourcequotas' && c.type === 'MODIFIED') ||
      c.table.id === 'limitranges' ||
      (c.table.id === 'namespaces' &&
        c.type === 'MODIFIED' &&
        !c.entry.obj.metadata?.deletionTimestamp)
    ) {
      // admission may accept now (quota freed up, limits or Pod Security labels changed):
      // retry replica sets that could not create their pods
      const ns =
        c.table.id === 'namespaces'
          ? c.entry.obj.metadata?.name
          : c.entry.obj.metadata?.namespace;
      for (const e of this.store
        .table(this.store.typeOf('replicasets', 'apps'))
        .inNamespace(ns!)) {
        if ((e.obj.status?.replicas ?? 0) < (e.obj.spec?.replicas ?? 1)) {
          enqueue(`${ns}/${e.obj.metadata!.name}`);
        }
      }
    } else if (c.table.id === 'pods') {
      const before = c.old?.obj;
      const after = c.type === 'DELETED' ? undefined : c.entry.obj;
      // only changes that matter to the owner: existence, phase, readiness, deletion
      if (
        before &&
        after &&
        before.status?.phase === after.status?.phase &&
        isPodReady(before) === isPodReady(after) &&
        before.metadata?.deletionTimestamp === after.metadata?.deletionTimestamp
      ) {
        return;
      }
      const key = ownerKey(c.entry.obj, 'ReplicaSet');
      if (key) enqueue(key);
    }
  }

  reconcile(key: string): void {
    const type = this.store.typeOf('replicasets', 'apps');
    const podType = this.store.typeOf('pods');
    const { ns, name } = parseKey(key);
    const rs = this.store.getObject(type, ns, name);
    if (!rs || rs.metadata?.deletionTimestamp) return;
    const pods = ownedBy(this.store, rs, 'pods').map(e => e.obj);
    const active = pods.filter(isPodActive);
    const desired = rs.spec?.replicas ?? 1;
    let failure: string | undefined;
    if (active.length < desired) {
      for (let i = active.length; i < desired; i++) {
        try {
          const pod = podFromTemplate(rs.spec?.template, rs, {
            generateName: `${name}-`,
          });
          active.push(this.api.create(podType, ns, pod, { internal: true }));
        } catch (e) {
          failure = errorMessage(e);
          this.events.record(
            rs,
            'Warning',
            'FailedCreate',
            `Error creating: ${failure}`,
            'replicaset-controller',
          );
          break;
        }
      }
    } else if (active.length > desired) {
      const victims = [...active]
        .sort(scaleDownOrder)
        .slice(0, active.length - desired);
      for (const p of victims) {
        this.api.delete(podType, ns, p.metadata!.name!);
        this.events.record(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${p.metadata!.name}`,
          'replicaset-controller',
        );
      }
    }
    const current = ownedBy(this.store, rs, 'pods')
      .map(e => e.obj)
      .filter(isPodActive);
    const ready = current.filter(isPodReady).length;
    const conditions = failure
      ? [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: failure,
            lastTransitionTime:
              rs.status?.conditions?.[0]?.lastTransitionTime ??
              `${new Date().toISOString().slice(0, 19)}Z`,
          },
        ]
      : undefined;
    writeStatus(this.api, type, this.store.getObject(type, ns, name)!, {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata?.generation ?? 1,
      ...(conditions ? { conditions } : {}),
    });
  }
}
