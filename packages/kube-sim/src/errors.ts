/** Kubernetes `Status` errors returned by the SIMULATED API server. */

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: Array<{ reason?: string; message?: string; field?: string }>;
}

export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** An error carrying a Kubernetes Status, thrown by the store, admission and handlers. */
export class KubeStatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeStatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): StatusObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** Resource reference used to build messages: `pods "x"`, `deployments.apps "x"`. */
export interface ResourceRef {
  plural: string;
  group: string;
  kind: string;
}

function qualified(ref: ResourceRef): string {
  return ref.group ? `${ref.plural}.${ref.group}` : ref.plural;
}

export function notFound(ref: ResourceRef, name: string): KubeStatusError {
  return new KubeStatusError(
    404,
    'NotFound',
    `${qualified(ref)} "${name}" not found`,
    { name, group: ref.group, kind: ref.plural },
  );
}

export function alreadyExists(ref: ResourceRef, name: string): KubeStatusError {
  return new KubeStatusError(
    409,
    'AlreadyExists',
    `${qualified(ref)} "${name}" already exists`,
    { name, group: ref.group, kind: ref.plural },
  );
}

export function conflict(
  ref: ResourceRef,
  name: string,
  why?: string,
): KubeStatusError {
  return new KubeStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(ref)} "${name}": ${
      why ??
      'the object has been modified; please apply your changes to the latest version and try again'
    }`,
    { name, group: ref.group, kind: ref.plural },
  );
}

/** 403, e.g. `pods "x" is forbidden: exceeded quota: ...` (admission.NewForbidden). */
export function forbidden(
  ref: ResourceRef,
  name: string,
  message: string,
): KubeStatusError {
  return new KubeStatusError(
    403,
    'Forbidden',
    `${qualified(ref)} "${name}" is forbidden: ${message}`,
    { name, group: ref.group, kind: ref.plural },
  );
}

export function badRequest(message: string): KubeStatusError {
  return new KubeStatusError(400, 'BadRequest', message);
}

export function invalid(
  ref: ResourceRef,
  name: string,
  message: string,
): KubeStatusError {
  return new KubeStatusError(
    422,
    'Invalid',
    `${ref.kind} "${name}" is invalid: ${message}`,
    { name, group: ref.group, kind: ref.kind },
  );
}

export function methodNotAllowed(message: string): KubeStatusError {
  return new KubeStatusError(405, 'MethodNotAllowed', message);
}

export function unsupportedMediaType(contentType: string): KubeStatusError {
  return new KubeStatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`,
  );
}

export function gone(message: string): KubeStatusError {
  return new KubeStatusError(410, 'Expired', message);
}

export function internalError(message: string): KubeStatusError {
  return new KubeStatusError(500, 'InternalError', message);
}

export function pathNotFound(path: string): KubeStatusError {
  return new KubeStatusError(
    404,
    'NotFound',
    `the server could not find the requested resource (${path})`,
  );
}
