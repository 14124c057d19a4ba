/**
 * HorizontalPodAutoscaler controller (autoscaling/v2, simplified): keeps the scale target's
 * replicas within [minReplicas, maxReplicas] (a `SuccessfulRescale` event and `lastScaleTime`
 * when it changes them), leaves a target at 0 replicas alone (`ScalingDisabled`), and reports
 * `currentReplicas`/`desiredReplicas` and the `AbleToScale`, `ScalingActive` and
 * `ScalingLimited` conditions with the real reasons. Metric-driven scaling is not simulated:
 * within the range the desired count is the current one.
 */
import type { KubeApi } from '../api';
import type { EventRecorder } from '../events';
import type { ResourceType } from '../resources';
import type { Change, Store } from '../store';
import { KObject, deepClone, nowTimestamp } from '../util';
import type { Controller } from './manager';
import { parseKey, writeStatus } from './common';

const HPA_TABLE = 'horizontalpodautoscalers.autoscaling';

const TARGETS: Record<string, { plural: string; group: string }> = {
  'apps/v1/Deployment': { plural: 'deployments', group: 'apps' },
  'apps/v1/StatefulSet': { plural: 'statefulsets', group: 'apps' },
  'apps/v1/ReplicaSet': { plural: 'replicasets', group: 'apps' },
};

function metricName(hpa: KObject): string {
  const m = hpa.spec?.metrics?.[0];
  if (!m) return 'cpu resource utilization (percentage of request)';
  if (m.type === 'Resource' || m.type === 'ContainerResource') {
    const r = m.resource ?? m.containerResource;
    return r?.target?.type === 'Utilization'
      ? `${r.name} resource utilization (percentage of request)`
      : `${r?.name} resource`;
  }
  if (m.type === 'Pods') return `pods metric ${m.pods?.metric?.name}`;
  if (m.type === 'Object') return `${m.object?.metric?.name} metric`;
  return `external metric ${m.external?.metric?.name}`;
}

export class HorizontalPodAutoscalerController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';

  constructor(
    private readonly store: Store,
    private readonly api: KubeApi,
    private readonly events: EventRecorder,
  ) {}

  private hpaType(): ResourceType | undefined {
    return this.store.registry.byPlural(
      'autoscaling',
      'v2',
      'horizontalpodautoscalers',
    );
  }

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.table.id === HPA_TABLE) {
      if (c.type === 'DELETED') return;
      const gen = (e?: { obj: KObject }) => e?.obj.metadata?.generation;
      if (c.type === 'ADDED' || gen(c.old) !== gen(c.entry)) enqueue(c.key);
      return;
    }
    if (
      c.table.id !== 'deployments.apps' &&
      c.table.id !== 'statefulsets.apps' &&
      c.table.id !== 'replicasets.apps'
    )
      return;
    const type = this.hpaType();
    if (!type || c.type === 'DELETED') return;
    const before = c.old?.obj;
    const after = c.entry.obj;
    if (
      before &&
      before.spec?.replicas === after.spec?.replicas &&
      before.status?.replicas === after.status?.replicas
    )
      return;
    const ns = after.metadata?.namespace;
    if (!ns) return;
    const table = this.store.table(type);
    if (!table.map.size) return;
    for (const e of table.inNamespace(ns)) {
      const ref = e.obj.spec?.scaleTargetRef;
      if (ref?.kind === after.kind && ref?.name === after.metadata?.name) {
        enqueue(`${ns}/${e.obj.metadata!.name}`);
      }
    }
  }

  private limitedCondition(
    current: number,
    min: number,
    max: number,
    cond: (t: string, s: string, reason: string, message: string) => any,
  ) {
    if (current > max) {
      return cond(
        'ScalingLimited',
        'True',
        'TooManyReplicas',
        'the desired replica count is more than the maximum replica count',
      );
    }
    if (current < min) {
      return cond(
        'ScalingLimited',
        'True',
        'TooFewReplicas',
        'the desired replica count is less than the minimum replica count',
      );
    }
    return cond(
      'ScalingLimited',
      'False',
      'DesiredWithinRange',
      'the desired count is within the acceptable range',
    );
  }

  reconcile(key: string): void {
    const type = this.hpaType();
    if (!type) return;
    const { ns, name } = parseKey(key);
    const hpa = this.store.getObject(type, ns, name);
    if (!hpa) return;
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const target = TARGETS[`${ref.apiVersion}/${ref.kind}`];
    const prev = hpa.status?.conditions ?? [];
    const cond = (
      t: string,
      status: string,
      reason: string,
      message: string,
    ) => {
      const p = prev.find((x: any) => x.type === t);
      return {
        type: t,
        status,
        lastTransitionTime:
          p && p.status === status ? p.lastTransitionTime : nowTimestamp(),
        reason,
        message,
      };
    };
    const targetType = target
      ? this.store.typeOf(target.plural, target.group)
      : undefined;
    const obj = targetType
      ? this.store.getObject(targetType, ns, ref.name)
      : undefined;
    if (!targetType || !obj) {
      writeStatus(this.api, type, hpa, {
        currentReplicas: hpa.status?.currentReplicas ?? 0,
        desiredReplicas: hpa.status?.desiredReplicas ?? 0,
        conditions: [
          cond(
            'AbleToScale',
            'False',
            'FailedGetScale',
            `the HPA controller was unable to get the target's current scale: ${
              target
                ? `${target.plural}.${target.group} "${ref.name}" not found`
                : `no matches for kind "${ref.kind}" in group "${
                    String(ref.apiVersion ?? '').split('/')[0]
                  }"`
            }`,
          ),
        ],
      });
      return;
    }
    const current: number = obj.spec?.replicas ?? 1;
    const min: number = hpa.spec?.minReplicas ?? 1;
    const max: number = hpa.spec?.maxReplicas ?? current;
    let desired = current;
    let rescaleReason: string | undefined;
    const conditions: any[] = [];
    if (current === 0 && min !== 0) {
      desired = 0;
      conditions.push(
        cond(
          'AbleToScale',
          'True',
          'SucceededGetScale',
          "the HPA controller was able to get the target's current scale",
        ),
        cond(
          'ScalingActive',
          'False',
          'ScalingDisabled',
          'scaling is disabled since the replica count of the target is zero',
        ),
      );
    } else {
      if (current > max) {
        desired = max;
        rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
      } else if (current < min) {
        desired = min;
        rescaleReason = 'Current number of replicas below Spec.MinReplicas';
      }
      conditions.push(
        rescaleReason
          ? cond(
              'AbleToScale',
              'True',
              'SucceededRescale',
              `the HPA controller was able to update the target scale to ${desired}`,
            )
          : cond(
              'AbleToScale',
              'True',
              'ReadyForNewScale',
              'recommended size matches current size',
            ),
        cond(
          'ScalingActive',
          'True',
          'ValidMetricFound',
          `the HPA was able to successfully calculate a replica count from ${metricName(
            hpa,
          )}`,
        ),
        this.limitedCondition(current, min, max, cond),
      );
    }
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (rescaleReason) {
      const next = deepClone(obj);
      next.spec.replicas = desired;
      this.api.update(targetType, ns, ref.name, next, { internal: true });
      lastScaleTime = nowTimestamp();
      this.events.record(
        hpa,
        'Normal',
        'SuccessfulRescale',
        `New size: ${desired}; reason: ${rescaleReason}`,
        'horizontal-pod-autoscaler',
      );
    }
    const fresh = this.store.getObject(targetType, ns, ref.name) ?? obj;
    writeStatus(this.api, type, this.store.getObject(type, ns, name)!, {
      observedGeneration: hpa.metadata?.generation ?? 1,
      ...(lastScaleTime ? { lastScaleTime } : {}),
      currentReplicas: fresh.status?.replicas ?? 0,
      desiredReplicas: desired,
      conditions,
    });
  }
}
