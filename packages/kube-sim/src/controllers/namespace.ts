/**
 * Namespace lifecycle: new namespaces get a "default" ServiceAccount; a deleted
 * namespace (phase Terminating) has all its objects removed, then goes away.
 */
import type { KubeApi } from '../api';
import type { Change, Store } from '../store';
import type { Controller } from './manager';

export class NamespaceController implements Controller {
  readonly name = 'namespace';

  constructor(private readonly store: Store, private readonly api: KubeApi) {}

  onChange(c: Change, enqueue: (key: string) => void): void {
    if (c.table.id !== 'namespaces' || c.type === 'DELETED') return;
    if (c.type === 'ADDED' || c.entry.obj.metadata?.deletionTimestamp)
      enqueue(c.key);
  }

  reconcile(name: string): void {
    const nsType = this.store.typeOf('namespaces');
    const ns = this.store.getObject(nsType, undefined, name);
    if (!ns) return;
    if (!ns.metadata?.deletionTimestamp) {
      const saType = this.store.typeOf('serviceaccounts');
      if (!this.store.get(saType, name, 'default')) {
        this.api.create(
          saType,
          name,
          {
            apiVersion: 'v1',
            kind: 'ServiceAccount',
            metadata: { name: 'default' },
          },
          { internal: true },
        );
      }
      return;
    }
    for (const table of this.store.allTables()) {
      if (!table.type.namespaced) continue;
      for (const key of [...table.scan(name)].map(([k]) => k)) {
        const e = table.map.get(key);
        if (e) this.store.remove(table.type, name, e.obj.metadata!.name!);
      }
    }
    this.store.remove(nsType, undefined, name);
  }
}
