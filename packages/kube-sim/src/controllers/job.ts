/**
 * Job controller (simplified): runs min(parallelism, completions - succeeded) pods,
 * counts Succeeded/Failed pods (the simulated kubelet never finishes a pod on its
 * own: set the pod's status.phase through /status to finish it), and sets the
 * Complete or Failed (BackoffLimitExceeded) condition.
 */
import type { KubeApi } from '../api';
import type { EventRecorder } from '../events';
import type { Change, Store } from '../store';
import { deepClone, nowTimestamp } from '../util';
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

export class JobController implements Controller {
  readonly name = 'job';

  constructor(
    private readonly store: Store,
    private readonly api: KubeApi,
    private readonly events: EventRecorder,
  ) {}

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.table.id === 'jobs.batch' && c.type !== 'DELETED') enqueue(c.key);
    if (c.table.id === 'pods') {
      const key = ownerKey(c.entry.obj, 'Job');
      if (key) enqueue(key);
    }
  }

  reconcile(key: string): void {
    const type = this.store.typeOf('jobs', 'batch');
    const podType = this.store.typeOf('pods');
    const { ns, name } = parseKey(key);
    let job = this.store.getObject(type, ns, name);
    if (!job || job.metadata?.deletionTimestamp) return;
    const uid = job.metadata!.uid!;
    if (!job.spec?.selector) {
      const next = deepClone(job);
      next.spec.selector = {
        matchLabels: { 'batch.kubernetes.io/controller-uid': uid },
      };
      next.spec.template = next.spec.template ?? {};
      next.spec.template.metadata = next.spec.template.metadata ?? {};
      next.spec.template.metadata.labels = {
        ...(next.spec.template.metadata.labels ?? {}),
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': uid,
        'job-name': name,
      };
      job = this.api.update(type, ns, name, next, { internal: true });
    }
    const conditions: any[] = job.status?.conditions ?? [];
    const finished = conditions.some(
      c =>
        (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
    const pods = ownedBy(this.store, job, 'pods').map(e => e.obj);
    const succeeded = pods.filter(p => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter(p => p.status?.phase === 'Failed').length;
    let active = pods.filter(isPodActive);
    const completions: number = job.spec?.completions ?? 1;
    const parallelism: number = job.spec?.parallelism ?? 1;
    const backoffLimit: number = job.spec?.backoffLimit ?? 6;
    const now = nowTimestamp();
    const status: any = {
      ...(job.status ?? {}),
      startTime: job.status?.startTime ?? now,
      succeeded,
      failed,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (!finished) {
      if (succeeded >= completions) {
        status.conditions = [
          ...conditions,
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            lastProbeTime: now,
            lastTransitionTime: now,
          },
          {
            type: 'Complete',
            status: 'True',
            lastProbeTime: now,
            lastTransitionTime: now,
          },
        ];
        status.completionTime = now;
        this.events.record(
          job,
          'Normal',
          'Completed',
          'Job completed',
          'job-controller',
        );
      } else if (failed > backoffLimit) {
        for (const p of active) this.api.delete(podType, ns, p.metadata!.name!);
        active = [];
        status.conditions = [
          ...conditions,
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
            lastProbeTime: now,
            lastTransitionTime: now,
          },
        ];
      } else if (!job.spec?.suspend) {
        const want = Math.min(parallelism, completions - succeeded);
        for (let i = active.length; i < want; i++) {
          try {
            const pod = podFromTemplate(job.spec?.template, job, {
              generateName: `${name}-`,
            });
            active.push(this.api.create(podType, ns, pod, { internal: true }));
            this.events.record(
              job,
              'Normal',
              'SuccessfulCreate',
              `Created pod: ${active[active.length - 1].metadata!.name}`,
              'job-controller',
            );
          } catch (e) {
            this.events.record(
              job,
              'Warning',
              'FailedCreate',
              `Error creating: ${errorMessage(e)}`,
              'job-controller',
            );
            break;
          }
        }
      }
    }
    status.active = active.filter(isPodActive).length;
    status.ready = active.filter(isPodReady).length;
    if (!status.active) delete status.active;
    writeStatus(this.api, type, this.store.getObject(type, ns, name)!, status);
  }
}
