/** What a simulated Helm chart is: defaults plus a function from values to objects. */
import type { KObject } from '../../util';

export interface RenderContext {
  /** Helm release name (`.Release.Name`). */
  release: string;
  /** Namespace the objects go to (`.Release.Namespace`). */
  namespace: string;
  /** Chart name and version (`.Chart.Name`, `.Chart.Version`). */
  chart: string;
  version: string;
  appVersion: string;
  /** Coalesced values (chart defaults ← HelmRelease values). */
  values: any;
}

export interface SimulatedChart {
  name: string;
  /** Other names the chart is known by (e.g. a repository's chart name). */
  aliases?: string[];
  defaultVersion: string;
  appVersion: string;
  /** The chart's values.yaml. */
  defaults(): Record<string, any>;
  /** Renders the chart's templates. Throws ChartRenderError like `helm template` would. */
  render(ctx: RenderContext): KObject[];
}

/** A template execution error (`required` value missing, wrong type, ...). */
export class ChartRenderError extends Error {
  constructor(template: string, message: string) {
    super(`execution error at (${template}): ${message}`);
    this.name = 'ChartRenderError';
  }
}

/** Labels of the `helm create` scaffold (`<chart>.labels`). */
export function standardLabels(
  ctx: RenderContext,
  name: string,
): Record<string, string> {
  return {
    'helm.sh/chart': `${ctx.chart}-${ctx.version}`.replace(/\+/g, '_'),
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': ctx.release,
    'app.kubernetes.io/version': ctx.appVersion,
    'app.kubernetes.io/managed-by': 'Helm',
  };
}

/** `<chart>.fullname`: fullnameOverride, else the release name, truncated to 63 characters. */
export function fullname(ctx: RenderContext): string {
  const v = ctx.values?.fullnameOverride;
  return String(v || ctx.release)
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** Values maps of strings (labels, nodeSelector): non-string scalars are stringified. */
export function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => [k, String(x)]),
  );
}

/** imagePullSecrets given as names or as `{ name }` objects. */
export function pullSecrets(v: unknown): Array<{ name: string }> {
  return (Array.isArray(v) ? v : [])
    .map(s => (typeof s === 'string' ? { name: s } : s))
    .filter(s => s && typeof s.name === 'string');
}

/** Service type from the exposure/service values: `nodeport` → `NodePort`, ... */
export function serviceType(v: unknown): string {
  switch (String(v ?? '').toLowerCase()) {
    case 'nodeport':
      return 'NodePort';
    case 'loadbalancer':
      return 'LoadBalancer';
    default:
      return 'ClusterIP';
  }
}

export function quantityString(v: unknown): string {
  return typeof v === 'number' ? String(v) : String(v ?? '');
}
