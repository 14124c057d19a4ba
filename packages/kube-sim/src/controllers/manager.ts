/**
 * Runs the simulated controllers deterministically: store changes enqueue keys,
 * and the queue is drained in a micro-task right after the write (or on `settle()`),
 * so by the time an HTTP response reaches the client the cluster has converged.
 */
import type { Change, Store } from '../store';

export interface Controller {
  readonly name: string;
  /** Enqueue keys to reconcile for a store change. */
  onChange(change: Change, enqueue: (key: string) => void): void;
  reconcile(key: string): void;
}

export class ControllerManager {
  private readonly controllers = new Map<string, Controller>();
  private readonly queue = new Set<string>();
  private scheduled = false;
  private draining = false;
  /** Errors thrown by reconcilers (kept for debugging; the sim never crashes on them). */
  readonly errors: Error[] = [];

  constructor(store: Store) {
    store.onChange(change => {
      for (const c of this.controllers.values()) {
        c.onChange(change, key => this.enqueue(c.name, key));
      }
    });
  }

  add(controller: Controller): void {
    this.controllers.set(controller.name, controller);
  }

  enqueue(controller: string, key: string): void {
    this.queue.add(`${controller}\u0001${key}`);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.drain();
      });
    }
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Processes queued work until nothing is left (bounded, to survive controller fights). */
  drain(maxSteps = 200_000): void {
    if (this.draining) return;
    this.draining = true;
    try {
      let steps = 0;
      while (this.queue.size && steps++ < maxSteps) {
        const item = this.queue.values().next().value as string;
        this.queue.delete(item);
        const i = item.indexOf('\u0001');
        const controller = this.controllers.get(item.slice(0, i));
        try {
          controller?.reconcile(item.slice(i + 1));
        } catch (e) {
          this.errors.push(e as Error);
          if (this.errors.length > 100) this.errors.shift();
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
