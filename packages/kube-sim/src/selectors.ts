/** Label and field selectors, parsed and matched like the Kubernetes API server does. */
import { badRequest } from './errors';
import type { KObject } from './util';

export type LabelOperator =
  | 'Exists'
  | 'DoesNotExist'
  | 'In'
  | 'NotIn'
  | 'Equals'
  | 'NotEquals';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  parts.push(cur);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

const SET_RE = /^([A-Za-z0-9._/-]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQ_RE = /^([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/;
const KEY_RE = /^(!?)\s*([A-Za-z0-9._/-]+)$/;

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`. Throws a 400 Status on syntax errors. */
export function parseLabelSelector(
  text: string | undefined | null,
): LabelSelector {
  if (!text) {
    return [];
  }
  const out: LabelSelector = [];
  for (const part of splitTopLevel(text)) {
    let m = SET_RE.exec(part);
    if (m) {
      out.push({
        key: m[1],
        operator: m[2] === 'in' ? 'In' : 'NotIn',
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(v => v.length > 0),
      });
      continue;
    }
    m = EQ_RE.exec(part);
    if (m) {
      out.push({
        key: m[1],
        operator: m[2] === '!=' ? 'NotEquals' : 'Equals',
        values: [m[3]],
      });
      continue;
    }
    m = KEY_RE.exec(part);
    if (m) {
      out.push({
        key: m[2],
        operator: m[1] ? 'DoesNotExist' : 'Exists',
        values: [],
      });
      continue;
    }
    throw badRequest(
      `unable to parse requirement: invalid label selector: "${text}"`,
    );
  }
  return out;
}

/** Converts a metav1.LabelSelector object (matchLabels/matchExpressions). */
export function labelSelectorFromObject(sel: any): LabelSelector {
  const out: LabelSelector = [];
  if (!sel) {
    return out;
  }
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    out.push({ key: k, operator: 'Equals', values: [String(v)] });
  }
  for (const e of sel.matchExpressions ?? []) {
    out.push({ key: e.key, operator: e.operator, values: e.values ?? [] });
  }
  return out;
}

export function matchLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  for (const r of selector) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      case 'Equals':
      case 'In':
        if (!has || !r.values.includes(v)) return false;
        break;
      case 'NotEquals':
      case 'NotIn':
        if (has && r.values.includes(v)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export interface FieldRequirement {
  path: string[];
  field: string;
  value: string;
  negate: boolean;
}

export type FieldSelector = FieldRequirement[];

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Field labels the real API server supports, per resource. */
const SUPPORTED_FIELDS: Record<string, string[]> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  secrets: ['type'],
  'jobs.batch': ['status.successful'],
  'replicasets.apps': ['status.replicas'],
  persistentvolumeclaims: ['status.phase'],
};

/** Parses `metadata.name=x,spec.nodeName!=` and validates fields for the resource (400 if unsupported). */
export function parseFieldSelector(
  text: string | undefined | null,
  resource: string,
): FieldSelector {
  if (!text) {
    return [];
  }
  const allowed = new Set([
    ...COMMON_FIELDS,
    ...(SUPPORTED_FIELDS[resource] ?? []),
  ]);
  const out: FieldSelector = [];
  for (const part of splitTopLevel(text)) {
    const m = /^([A-Za-z0-9._]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) {
      throw badRequest(
        `invalid selector: '${text}'; can't understand '${part}'`,
      );
    }
    const field = m[1];
    if (!allowed.has(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    out.push({
      field,
      path: field.split('.'),
      value: m[3],
      negate: m[2] === '!=',
    });
  }
  return out;
}

function fieldValue(obj: KObject, path: string[]): string {
  if (path[0] === 'source' && path.length === 1) {
    return String(obj.source?.component ?? '');
  }
  let cur: any = obj;
  for (const p of path) {
    if (cur === undefined || cur === null) {
      return '';
    }
    cur = cur[p];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

export function matchFields(selector: FieldSelector, obj: KObject): boolean {
  for (const r of selector) {
    const v = fieldValue(obj, r.path);
    if ((v === r.value) === r.negate) {
      return false;
    }
  }
  return true;
}

/** The value an equality requirement on `field` pins, if any (used to pick an index). */
export function pinnedField(
  selector: FieldSelector,
  field: string,
): string | undefined {
  return selector.find(r => r.field === field && !r.negate)?.value;
}
