/**
 * ResourceQuota status controller. Usage is kept exact synchronously on every
 * write (like the quota controller's recalculation, without its delay), so
 * admission always sees the current `status.used`.
 */
import { applyUsageDelta } from '../admission/quota';
import type { KubeApi } from '../api';
import type { Change, Store } from '../store';
import { deepClone } from '../util';

export function installQuotaAccounting(store: Store, api: KubeApi): void {
  store.onChange((c: Change) => {
    const type = c.table.type;
    if (!type.namespaced || c.table.id === 'resourcequotas') return;
    const ns = (c.entry.obj ?? c.old?.obj)?.metadata?.namespace;
    if (!ns) return;
    const rqType = store.typeOf('resourcequotas');
    const rqTable = store.table(rqType);
    if (!rqTable.map.size) return;
    const oldEntry = c.type === 'ADDED' ? undefined : c.old;
    const newEntry = c.type === 'DELETED' ? undefined : c.entry;
    for (const q of [...rqTable.inNamespace(ns)]) {
      const used = applyUsageDelta(q.obj, type, oldEntry, newEntry);
      if (!used) continue;
      const next = deepClone(q.obj);
      next.status = { ...(next.status ?? {}), used };
      api.update(rqType, ns, next.metadata!.name!, next, {
        internal: true,
        subresource: 'status',
      });
    }
  });
}
