/**
 * StatefulSet controller (simplified): pods <name>-<ordinal>, PVCs from
 * volumeClaimTemplates (<template>-<name>-<ordinal>), OrderedReady creates one
 * pod at a time once the previous ones are Ready, Parallel creates all; scale
 * down removes the highest ordinals; template changes replace pods from the
 * highest ordinal down.
 */
import type { KubeApi } from '../api';
import type { EventRecorder } from '../events';
import type { Change, Store } from '../store';
import { KObject, safeHash, stableStringify } from '../util';
import type { Controller } from './manager';
import {
  errorMessage,
  isPodActive,
  isPodReady,
  ownedBy,
  ownerKey,
  parseKey,
  podFromTemplate,
  writeStatus,
} from './common';

export class StatefulSetController implements Controller {
  readonly name = 'statefulset';

  constructor(
    private readonly store: Store,
    private readonly api: KubeApi,
    private readonly events: EventRecorder,
  ) {}

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.table.id === 'statefulsets.apps' && c.type !== 'DELETED')
      enqueue(c.key);
    if (c.table.id === 'pods') {
      const key = ownerKey(c.entry.obj, 'StatefulSet');
      if (key) enqueue(key);
    }
  }

  reconcile(key: string): void {
    const type = this.store.typeOf('statefulsets', 'apps');
    const podType = this.store.typeOf('pods');
    const pvcType = this.store.typeOf('persistentvolumeclaims');
    const { ns, name } = parseKey(key);
    const sts = this.store.getObject(type, ns, name);
    if (!sts || sts.metadata?.deletionTimestamp) return;
    const replicas: number = sts.spec?.replicas ?? 1;
    const revision = `${name}-${safeHash(
      stableStringify(sts.spec?.template ?? {}),
    )}`;
    const parallel = sts.spec?.podManagementPolicy === 'Parallel';
    const byOrdinal = new Map<number, KObject>();
    for (const e of ownedBy(this.store, sts, 'pods')) {
      const ord = Number(e.obj.metadata!.name!.slice(name.length + 1));
      if (isPodActive(e.obj)) byOrdinal.set(ord, e.obj);
    }
    // scale down / replace: highest ordinal first
    const ordinals = [...byOrdinal.keys()].sort((a, b) => b - a);
    for (const ord of ordinals) {
      if (ord >= replicas) {
        this.api.delete(podType, ns, `${name}-${ord}`);
        byOrdinal.delete(ord);
        if (!parallel) break;
      }
    }
    const outdated = [...byOrdinal.entries()]
      .filter(
        ([, p]) =>
          p.metadata?.labels?.['controller-revision-hash'] !== revision,
      )
      .sort((a, b) => b[0] - a[0]);
    const allReady = [...byOrdinal.values()].every(isPodReady);
    if (
      outdated.length &&
      allReady &&
      byOrdinal.size >= Math.min(replicas, byOrdinal.size)
    ) {
      const [ord] = outdated[0];
      this.api.delete(podType, ns, `${name}-${ord}`);
      byOrdinal.delete(ord);
    }
    for (let ord = 0; ord < replicas; ord++) {
      if (byOrdinal.has(ord)) {
        if (!parallel && !isPodReady(byOrdinal.get(ord)!)) break;
        continue;
      }
      try {
        for (const vct of sts.spec?.volumeClaimTemplates ?? []) {
          const pvcName = `${vct.metadata?.name}-${name}-${ord}`;
          if (!this.store.get(pvcType, ns, pvcName)) {
            this.api.create(
              pvcType,
              ns,
              {
                apiVersion: 'v1',
                kind: 'PersistentVolumeClaim',
                metadata: {
                  name: pvcName,
                  namespace: ns,
                  labels: { ...(sts.spec?.selector?.matchLabels ?? {}) },
                },
                spec: vct.spec ?? {},
              },
              { internal: true },
            );
          }
        }
        const pod = podFromTemplate(
          sts.spec?.template,
          sts,
          { name: `${name}-${ord}` },
          {
            'controller-revision-hash': revision,
            'statefulset.kubernetes.io/pod-name': `${name}-${ord}`,
            'apps.kubernetes.io/pod-index': String(ord),
          },
        );
        pod.spec.hostname = pod.spec.hostname ?? `${name}-${ord}`;
        if (sts.spec?.serviceName) pod.spec.subdomain = sts.spec.serviceName;
        for (const vct of sts.spec?.volumeClaimTemplates ?? []) {
          pod.spec.volumes = [
            ...(pod.spec.volumes ?? []),
            {
              name: vct.metadata?.name,
              persistentVolumeClaim: {
                claimName: `${vct.metadata?.name}-${name}-${ord}`,
              },
            },
          ];
        }
        const created = this.api.create(podType, ns, pod, { internal: true });
        byOrdinal.set(ord, created);
        this.events.record(
          sts,
          'Normal',
          'SuccessfulCreate',
          `create Pod ${name}-${ord} in StatefulSet ${name} successful`,
          'statefulset-controller',
        );
        if (
          !parallel &&
          !isPodReady(
            this.store.getObject(podType, ns, `${name}-${ord}`) ?? created,
          )
        )
          break;
      } catch (e) {
        this.events.record(
          sts,
          'Warning',
          'FailedCreate',
          `create Pod ${name}-${ord} in StatefulSet ${name} failed error: ${errorMessage(
            e,
          )}`,
          'statefulset-controller',
        );
        break;
      }
    }
    const pods = ownedBy(this.store, sts, 'pods')
      .map(e => e.obj)
      .filter(isPodActive);
    const ready = pods.filter(isPodReady).length;
    const updated = pods.filter(
      p => p.metadata?.labels?.['controller-revision-hash'] === revision,
    ).length;
    writeStatus(this.api, type, this.store.getObject(type, ns, name)!, {
      observedGeneration: sts.metadata?.generation ?? 1,
      replicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: updated,
      updatedReplicas: updated,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    });
  }
}
