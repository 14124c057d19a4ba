/** Records core/v1 Events like client-go's event recorder (with count-based deduplication). */
import type { KubeApi } from './api';
import { apiVersionOf } from './resources';
import { KObject, deepClone, nowTimestamp } from './util';

export class EventRecorder {
  private readonly seen = new Map<string, string>();
  private counter = 0;

  constructor(private readonly api: KubeApi) {}

  record(
    involved: KObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component: string,
  ): void {
    const md = involved.metadata ?? {};
    const ns = md.namespace ?? 'default';
    const eventType = this.api.store.typeOf('events');
    const dedupeKey = `${md.uid}|${reason}|${message}`;
    const now = nowTimestamp();
    const existingName = this.seen.get(dedupeKey);
    const existing = existingName
      ? this.api.store.getObject(eventType, ns, existingName)
      : undefined;
    if (existing) {
      const obj = deepClone(existing);
      obj.count = (obj.count ?? 1) + 1;
      obj.lastTimestamp = now;
      this.api.update(eventType, ns, existingName!, obj, { internal: true });
      return;
    }
    if (
      !this.api.store.getObject(
        this.api.store.typeOf('namespaces'),
        undefined,
        ns,
      )
    )
      return;
    const name = `${md.name}.${(
      Date.now() * 1000 +
      (this.counter++ % 1000)
    ).toString(16)}`;
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        kind: involved.kind,
        namespace: md.namespace,
        name: md.name,
        uid: md.uid,
        apiVersion: involved.apiVersion,
        resourceVersion: md.resourceVersion,
      },
      reason,
      message,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      reportingComponent: component,
      reportingInstance: `${component}-kube-sim`,
    };
    try {
      this.api.create(eventType, ns, ev, { internal: true });
      this.seen.set(dedupeKey, name);
    } catch {
      // events are best effort (e.g. namespace terminating)
    }
  }
}

export function involvedRef(
  type: { group: string; version: string; kind: string },
  obj: KObject,
): KObject {
  return { ...obj, kind: type.kind, apiVersion: apiVersionOf(type as any) };
}
