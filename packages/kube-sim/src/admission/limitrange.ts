/**
 * LimitRanger admission (type Container): fills missing requests/limits from
 * `defaultRequest`/`default`, then enforces `min`/`max`, like the real plugin.
 * Also the API server's LimitRange defaulting (default <- max, defaultRequest <- default).
 */
import { forbidden } from '../errors';
import {
  compareQuantity,
  formatQuantity,
  parseQuantity,
  tryParseQuantity,
} from '../quantity';
import type { ResourceType } from '../resources';
import { KObject, deepClone } from '../util';

/** Defaulting the API server applies to LimitRange objects on create/update. */
export function defaultLimitRange(lr: KObject): void {
  for (const item of lr.spec?.limits ?? []) {
    if (item?.type !== 'Container') continue;
    if (item.max) {
      item.default = item.default ?? {};
      for (const [k, v] of Object.entries(item.max)) {
        if (item.default[k] === undefined) item.default[k] = v;
      }
    }
    if (item.default) {
      item.defaultRequest = item.defaultRequest ?? {};
      for (const [k, v] of Object.entries(item.default)) {
        if (item.defaultRequest[k] === undefined) item.defaultRequest[k] = v;
      }
    }
  }
}

/**
 * Applies LimitRange defaults to a new pod (mutating it) and validates min/max.
 * Throws 403 Forbidden like `pods "x" is forbidden: maximum cpu usage per Container is 2, but limit is 4`.
 */
export function admitLimitRanges(
  type: ResourceType,
  pod: KObject,
  limitRanges: KObject[],
): void {
  if (type.plural !== 'pods' || type.group !== '' || !limitRanges.length)
    return;
  const annotations: string[] = [];
  const name = pod.metadata?.name ?? '';
  for (const lr of limitRanges) {
    for (const item of lr.spec?.limits ?? []) {
      if (item?.type !== 'Container') continue;
      for (const c of [
        ...(pod.spec?.containers ?? []),
        ...(pod.spec?.initContainers ?? []),
      ]) {
        const resources = (c.resources = c.resources ?? {});
        const setRequests: string[] = [];
        const setLimits: string[] = [];
        for (const [k, v] of Object.entries<string>(
          item.defaultRequest ?? {},
        )) {
          resources.requests = resources.requests ?? {};
          if (
            resources.requests[k] === undefined &&
            resources.limits?.[k] === undefined
          ) {
            resources.requests[k] = v;
            setRequests.push(k);
          }
        }
        for (const [k, v] of Object.entries<string>(item.default ?? {})) {
          resources.limits = resources.limits ?? {};
          if (resources.limits[k] === undefined) {
            resources.limits[k] = v;
            setLimits.push(k);
          }
        }
        if (resources.requests && !Object.keys(resources.requests).length)
          delete resources.requests;
        if (resources.limits && !Object.keys(resources.limits).length)
          delete resources.limits;
        if (setRequests.length)
          annotations.push(
            `${setRequests.join(', ')} request for container ${c.name}`,
          );
        if (setLimits.length)
          annotations.push(
            `${setLimits.join(', ')} limit for container ${c.name}`,
          );
        validateContainer(type, name, c, item);
      }
    }
  }
  if (annotations.length) {
    pod.metadata = pod.metadata ?? {};
    pod.metadata.annotations = {
      ...pod.metadata.annotations,
      'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${annotations.join(
        '; ',
      )}`,
    };
  }
}

function validateContainer(
  type: ResourceType,
  name: string,
  c: any,
  item: any,
): void {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  for (const [k, v] of Object.entries<string>(item.min ?? {})) {
    const min = parseQuantity(v);
    const r = tryParseQuantity(req[k]);
    if (!r) {
      throw forbidden(
        type,
        name,
        `minimum ${k} usage per Container is ${formatQuantity(
          min,
        )}.  No request is specified`,
      );
    }
    if (compareQuantity(r, min) < 0) {
      throw forbidden(
        type,
        name,
        `minimum ${k} usage per Container is ${formatQuantity(
          min,
        )}, but request is ${formatQuantity(r)}`,
      );
    }
  }
  for (const [k, v] of Object.entries<string>(item.max ?? {})) {
    const max = parseQuantity(v);
    const l = tryParseQuantity(lim[k]);
    if (!l) {
      throw forbidden(
        type,
        name,
        `maximum ${k} usage per Container is ${formatQuantity(
          max,
        )}.  No limit is specified`,
      );
    }
    if (compareQuantity(l, max) > 0) {
      throw forbidden(
        type,
        name,
        `maximum ${k} usage per Container is ${formatQuantity(
          max,
        )}, but limit is ${formatQuantity(l)}`,
      );
    }
  }
}

/**
 * Pod defaulting done by the API server before admission: requests default to limits,
 * restartPolicy, schedulerName, dnsPolicy, terminationGracePeriodSeconds, phase Pending.
 */
export function defaultPod(pod: KObject): void {
  const spec = (pod.spec = pod.spec ?? {});
  for (const c of [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
  ]) {
    const lim = c?.resources?.limits;
    if (lim) {
      c.resources.requests = c.resources.requests ?? {};
      for (const [k, v] of Object.entries(lim)) {
        if (c.resources.requests[k] === undefined)
          c.resources.requests[k] = deepClone(v);
      }
    }
    c.imagePullPolicy =
      c.imagePullPolicy ??
      (String(c.image ?? '').endsWith(':latest') ||
      !String(c.image ?? '').includes(':')
        ? 'Always'
        : 'IfNotPresent');
    c.terminationMessagePath =
      c.terminationMessagePath ?? '/dev/termination-log';
    c.terminationMessagePolicy = c.terminationMessagePolicy ?? 'File';
  }
  spec.restartPolicy = spec.restartPolicy ?? 'Always';
  spec.schedulerName = spec.schedulerName ?? 'default-scheduler';
  spec.dnsPolicy = spec.dnsPolicy ?? 'ClusterFirst';
  spec.terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds ?? 30;
  spec.serviceAccountName = spec.serviceAccountName ?? 'default';
  spec.enableServiceLinks = spec.enableServiceLinks ?? true;
  spec.tolerations = spec.tolerations ?? [
    {
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
    {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
  ];
  pod.status = { ...(pod.status ?? {}) };
  if (!pod.status.phase) pod.status.phase = 'Pending';
}
