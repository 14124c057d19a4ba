/** Garbage collector: when an owner is deleted, its dependents are deleted too (background propagation). */
import type { KubeApi } from '../api';
import type { Change, Store } from '../store';
import { deepClone } from '../util';
import type { Controller } from './manager';

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';

  constructor(private readonly store: Store, private readonly api: KubeApi) {}

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.type === 'DELETED' && c.entry.obj.metadata?.uid)
      enqueue(c.entry.obj.metadata.uid);
  }

  reconcile(uid: string): void {
    for (const d of this.store.dependentsOf(uid)) {
      const obj = d.entry.obj;
      const refs = obj.metadata?.ownerReferences ?? [];
      const others = refs.filter(r => r.uid !== uid);
      if (others.length) {
        const next = deepClone(obj);
        next.metadata!.ownerReferences = others;
        this.api.update(
          d.table.type,
          obj.metadata!.namespace,
          obj.metadata!.name!,
          next,
          { internal: true },
        );
      } else if (!obj.metadata?.deletionTimestamp) {
        try {
          this.api.delete(
            d.table.type,
            obj.metadata!.namespace,
            obj.metadata!.name!,
          );
        } catch {
          // already gone
        }
      }
    }
  }
}
