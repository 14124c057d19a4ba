import { KubeConfig, Watch } from '@kubernetes/client-node';
import { describeKubeError, kubeStatusOf } from '@ocdp/plugin-ocdp-node';

/** A page of a LIST call, as client-node returns it. */
export interface ListPage<T> {
  items: T[];
  metadata?: { resourceVersion?: string; _continue?: string };
}

/** One kind to keep in step with the API server. */
export interface KindSource<T> {
  /** For messages: `pods`, `nodes`. */
  kind: string;
  /** The watch path, e.g. `/api/v1/pods`. */
  path: string;
  list(options: { limit: number; _continue?: string }): Promise<ListPage<T>>;
}

/** What a KindWatch tells its owner. */
export interface KindWatchHandlers<T> {
  /** A full LIST replaced everything. */
  reset(items: T[]): void;
  upsert(item: T): void;
  remove(item: T): void;
  /** The API server answered (an event, a bookmark, a LIST). */
  heard(): void;
  failed(error: string): void;
}

export interface KindWatchOptions {
  pageSize?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Server-side watch timeout; the watch is reopened from the last resourceVersion after it. */
  watchTimeoutSeconds?: number;
}

class GoneError extends Error {
  name = 'GoneError';
}

/**
 * client-node 2.x ends a watch that received nothing for 30 s with a TimeoutError, while an API
 * server may send bookmarks only about once a minute: a quiet watch, reopened from its
 * resourceVersion like one the server timed out, not a failure.
 */
function isIdle(error: unknown): boolean {
  return (error as { name?: unknown })?.name === 'TimeoutError';
}

/**
 * Lists a kind once, then watches it from the list's resourceVersion; re-lists when the server
 * answers 410 Gone (the version expired), and restarts with exponential backoff on any other
 * failure. Never lists per read: the owner keeps the items.
 */
export class KindWatch<T extends { metadata?: { resourceVersion?: string } }> {
  private stopped = false;
  private abort?: AbortController;
  private wake?: () => void;
  private resourceVersion?: string;
  private running?: Promise<void>;
  relists = -1;
  watching = false;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly source: KindSource<T>,
    private readonly handlers: KindWatchHandlers<T>,
    private readonly options: KindWatchOptions = {},
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.running;
  }

  private async loop() {
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    let backoff = min;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) await this.relist();
        backoff = min;
        await this.watchOnce();
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof GoneError || kubeStatusOf(error) === 410) {
          this.resourceVersion = undefined;
          continue;
        }
        this.handlers.failed(
          `${this.source.kind}: ${describeKubeError(error)}`,
        );
        await this.sleep(backoff);
        backoff = Math.min(max, backoff * 2);
      }
    }
  }

  private async relist() {
    const items: T[] = [];
    let next: string | undefined;
    let version: string | undefined;
    do {
      const page = await this.source.list({
        limit: this.options.pageSize ?? 500,
        ...(next ? { _continue: next } : {}),
      });
      items.push(...page.items);
      next = page.metadata?._continue || undefined;
      version = page.metadata?.resourceVersion;
    } while (next && !this.stopped);
    this.relists++;
    this.handlers.reset(items);
    this.handlers.heard();
    this.resourceVersion = version;
  }

  /** Resolves when the server ends the watch normally; rejects on failure (GoneError on 410). */
  private watchOnce(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let gone = false;
      const done = (error: unknown) => {
        const wasWatching = this.watching;
        this.watching = false;
        this.abort = undefined;
        if (gone) reject(new GoneError('resourceVersion expired'));
        else if (error && !this.stopped && !(wasWatching && isIdle(error)))
          reject(error);
        else resolve();
      };
      new Watch(this.kubeConfig)
        .watch(
          this.source.path,
          {
            resourceVersion: this.resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
          },
          (type: string, object: any) => {
            if (type === 'ERROR') {
              if (object?.code === 410) gone = true;
              else
                this.handlers.failed(
                  `${this.source.kind}: watch error ${object?.code}: ${object?.message}`,
                );
              return;
            }
            const version = object?.metadata?.resourceVersion;
            if (version) this.resourceVersion = version;
            this.handlers.heard();
            if (type === 'ADDED' || type === 'MODIFIED')
              this.handlers.upsert(object);
            else if (type === 'DELETED') this.handlers.remove(object);
          },
          done,
        )
        .then(
          controller => {
            this.abort = controller;
            this.watching = true;
            if (this.stopped) controller.abort();
          },
          error => done(error ?? new Error('watch failed')),
        );
    });
  }

  private sleep(ms: number) {
    return new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
