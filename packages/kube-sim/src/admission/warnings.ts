/**
 * Admission warnings (the API server's `Warning: 299 - "..."` response headers).
 * Each HTTP request runs inside `withWarnings(res, ...)`; admission code calls
 * `addWarning(text)` and the header is added to that request's response, as long as it
 * has not been sent yet. Writes outside a request (controllers, scenarios) drop them.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type { ServerResponse } from 'http';

interface WarningSink {
  res?: ServerResponse;
  warnings: string[];
}

const storage = new AsyncLocalStorage<WarningSink>();

/** Runs `fn` (an HTTP request handler) collecting admission warnings into `res` headers. */
export function withWarnings<T>(res: ServerResponse, fn: () => T): T {
  return storage.run({ res, warnings: [] }, fn);
}

/** Runs `fn` and returns the warnings raised by it (for direct API callers and tests). */
export function collectWarnings<T>(fn: () => T): {
  result: T;
  warnings: string[];
} {
  const sink: WarningSink = { warnings: [] };
  const result = storage.run(sink, fn);
  return { result, warnings: sink.warnings };
}

/** `299 - "<text>"` with `"` and `\` escaped, like k8s.io/apimachinery's NewWarningHeader. */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/["\\]/g, c => `\\${c}`)}"`;
}

/** Records a warning for the current request (no-op outside one). */
export function addWarning(text: string): void {
  const sink = storage.getStore();
  if (!sink) return;
  sink.warnings.push(text);
  const res = sink.res;
  if (!res || res.headersSent) return;
  const prev = res.getHeader('Warning');
  let list: string[] = [];
  if (Array.isArray(prev)) list = prev;
  else if (prev !== undefined) list = [String(prev)];
  res.setHeader('Warning', [...list, warningHeader(text)]);
}

/** A sink that drops warnings: used around writes made by simulated controllers. */
export function withoutWarnings<T>(fn: () => T): T {
  return storage.exit(fn);
}
