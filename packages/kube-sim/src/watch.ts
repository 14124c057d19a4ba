/** Watch streams: newline-delimited JSON events (ADDED/MODIFIED/DELETED/BOOKMARK/ERROR). */
import type { IncomingMessage, ServerResponse } from 'http';
import { KubeStatusError, gone } from './errors';
import { apiVersionOf } from './resources';
import {
  FieldSelector,
  LabelSelector,
  matchFields,
  matchLabels,
} from './selectors';
import { Change, Entry, Store, Table, entryJson } from './store';
import type { KObject } from './util';

export interface WatchRequest {
  store: Store;
  table: Table;
  namespace?: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
  /** Fault injection: close the stream after this long. */
  dropAfterMs?: number;
  headers: Record<string, string>;
  /** How an event's object is encoded (default: the stored JSON; server-side printing: a Table). */
  encode?: (entry: Entry) => string;
}

/** Open watches, so that close() and faults can end them. */
export class WatchRegistry {
  private readonly open = new Set<() => void>();

  add(stop: () => void): () => void {
    this.open.add(stop);
    return () => this.open.delete(stop);
  }

  get size(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const stop of [...this.open]) {
      stop();
    }
    this.open.clear();
  }
}

function line(type: string, objectJson: string): string {
  return `{"type":"${type}","object":${objectJson}}\n`;
}

export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  w: WatchRequest,
  registry: WatchRegistry,
): void {
  const { store, table, namespace } = w;
  const type = table.type;
  const enc = w.encode ?? entryJson;
  const matches = (obj: KObject): boolean =>
    (namespace === undefined ||
      !type.namespaced ||
      obj.metadata?.namespace === namespace) &&
    (!w.labelSelector.length ||
      matchLabels(w.labelSelector, obj.metadata?.labels)) &&
    (!w.fieldSelector.length || matchFields(w.fieldSelector, obj));

  res.writeHead(200, {
    ...w.headers,
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
  });

  const rvParam = w.resourceVersion;
  const initial: string[] = [];
  let backlog: Change[] = [];
  try {
    if (!rvParam || rvParam === '0' || w.sendInitialEvents) {
      for (const [, e] of table.scan(type.namespaced ? namespace : undefined)) {
        if (matches(e.obj)) initial.push(line('ADDED', enc(e)));
      }
      if (w.sendInitialEvents) {
        initial.push(
          line(
            'BOOKMARK',
            JSON.stringify(bookmark(store.resourceVersion, true)),
          ),
        );
      }
    } else {
      const n = Number(rvParam);
      if (!Number.isFinite(n)) {
        throw new KubeStatusError(
          400,
          'BadRequest',
          `invalid resource version: ${rvParam}`,
        );
      }
      backlog = store.eventsSince(table, n);
    }
  } catch (e) {
    const err = e instanceof KubeStatusError ? e : gone(String(e));
    res.end(line('ERROR', JSON.stringify(err.toStatus())));
    return;
  }

  function bookmark(rv: number, initialEnd = false) {
    return {
      kind: type.kind,
      apiVersion: apiVersionOf(type),
      metadata: {
        resourceVersion: String(rv),
        ...(initialEnd
          ? { annotations: { 'k8s.io/initial-events-end': 'true' } }
          : {}),
      },
    };
  }

  const toLine = (c: Change): string | undefined => {
    const nowMatch = c.type !== 'DELETED' && matches(c.entry.obj);
    const wasMatch =
      c.type === 'ADDED' ? false : matches((c.old ?? c.entry).obj);
    if (c.type === 'DELETED') {
      return wasMatch ? line('DELETED', enc(c.entry)) : undefined;
    }
    if (nowMatch && wasMatch) return line('MODIFIED', enc(c.entry));
    if (nowMatch) return line('ADDED', enc(c.entry));
    if (wasMatch) return line('DELETED', enc(c.entry));
    return undefined;
  };

  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  const sink = (c: Change) => {
    const l = toLine(c);
    if (l && !closed) res.write(l);
  };
  let unregister: () => void = () => {};
  const stop = (destroy = false) => {
    if (closed) return;
    closed = true;
    table.sinks.delete(sink);
    timers.forEach(t => clearTimeout(t));
    timers.forEach(t => clearInterval(t));
    unregister();
    if (destroy) {
      res.destroy();
    } else {
      res.end();
    }
  };
  unregister = registry.add(() => stop(true));

  let chunk = initial.join('');
  for (const c of backlog) {
    chunk += toLine(c) ?? '';
  }
  if (chunk) res.write(chunk);
  else res.flushHeaders();
  table.sinks.add(sink);

  if (w.allowWatchBookmarks && w.bookmarkIntervalMs > 0) {
    const interval = setInterval(() => {
      if (!closed)
        res.write(
          line('BOOKMARK', JSON.stringify(bookmark(store.resourceVersion))),
        );
    }, w.bookmarkIntervalMs);
    timers.push(interval);
  }
  if (w.timeoutSeconds && w.timeoutSeconds > 0) {
    timers.push(setTimeout(() => stop(false), w.timeoutSeconds * 1000));
  }
  if (w.dropAfterMs && w.dropAfterMs > 0) {
    timers.push(setTimeout(() => stop(true), w.dropAfterMs));
  }
  req.on('close', () => stop(false));
  res.on('close', () => stop(false));
}
