/** Maps Kubernetes REST paths and verbs onto the simulated object API. */
import type { IncomingMessage, ServerResponse } from 'http';
import yaml from 'js-yaml';
import { KubeApi, patchTypeOf } from '../api';
import {
  KubeStatusError,
  badRequest,
  internalError,
  methodNotAllowed,
  pathNotFound,
} from '../errors';
import {
  FaultDice,
  KubeSimFaults,
  injectedError,
  normalizeFaults,
} from '../faults';
import {
  AUTH_REVIEW_RESOURCES,
  AuthApiContext,
  createToken,
  handleReview,
} from '../auth/endpoints';
import {
  ADMIN_USER,
  UserInfo,
  forbiddenError,
  requestAttributes,
} from '../auth/rbac';
import { serveLogs } from '../logs';
import { renderDcgmMetrics } from '../metrics';
import {
  METRICS_GROUP,
  METRICS_VERSION,
  MetricsModel,
  handleMetricsRequest,
  metricsResourceList,
  registerMetricsTypes,
} from '../metricsapi';
import { OpenApiPublisher } from '../openapi';
import { applyJsonPatch, applyMergePatch } from '../patch';
import {
  ResourceType,
  SIM_VERSION,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersionOf,
  apiVersions,
} from '../resources';
import {
  labelSelectorFromObject,
  parseFieldSelector,
  parseLabelSelector,
} from '../selectors';
import { Entry, Store, entryJson } from '../store';
import {
  TableRequest,
  customColumnsFor,
  parseIncludeObject,
  renderTable,
  tableRequested,
} from '../tables';
import { KObject, deepClone } from '../util';
import { WatchRegistry, serveWatch } from '../watch';

export const SIM_HEADERS = { 'x-kube-sim': 'simulated' };

export interface RouterContext {
  store: Store;
  api: KubeApi;
  watches: WatchRegistry;
  faults: () => KubeSimFaults;
  setFaults: (f: KubeSimFaults) => void;
  settle: () => Promise<void>;
  serverAddress: () => string;
  bookmarkIntervalMs: number;
  /** Authentication and RBAC (absent: every request is the admin). */
  auth?: AuthApiContext;
}

interface ResourcePath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPrefix: boolean;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { ...SIM_HEADERS, 'content-type': 'application/json' });
  res.end(text);
}

function sendError(res: ServerResponse, e: unknown): void {
  const err =
    e instanceof KubeStatusError
      ? e
      : internalError(String((e as Error)?.message ?? e));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  send(res, err.code, err.toStatus());
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType: string | undefined): any {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    if ((contentType ?? '').includes('yaml')) {
      try {
        return yaml.load(text);
      } catch (e) {
        throw badRequest(`error decoding YAML: ${(e as Error).message}`);
      }
    }
    throw badRequest(
      "couldn't get version/kind; json parse error: invalid JSON body",
    );
  }
}

function parseResourcePath(
  store: Store,
  parts: string[],
  method: string,
  body: any,
): ResourcePath | undefined {
  let group = '';
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    version = parts[1];
    rest = parts.slice(2);
  } else {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let plural: string;
  let name: string | undefined;
  let subresource: string | undefined;
  const nsSub =
    rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
  if (rest[0] === 'namespaces' && rest.length >= 3 && !nsSub) {
    [, namespace, plural, name, subresource] = rest;
  } else {
    [plural, name, subresource] = rest;
  }
  if (!plural || rest.length > (namespace ? 5 : 3)) return undefined;
  let type = store.registry.byPlural(group, version, plural);
  if (
    !type &&
    group &&
    method === 'POST' &&
    body?.kind &&
    body?.apiVersion === `${group}/${version}`
  ) {
    // any custom resource: served generically on first use
    type = store.registry.forObject(body, namespace !== undefined);
  }
  if (!type) return undefined;
  return { type, namespace, name, subresource, watchPrefix };
}

function scaleOf(obj: KObject) {
  const sel = labelSelectorFromObject(obj.spec?.selector)
    .map(r =>
      r.operator === 'Equals'
        ? `${r.key}=${r.values[0]}`
        : `${r.key} ${r.operator.toLowerCase()} (${r.values.join(',')})`,
    )
    .join(',');
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata?.name,
      namespace: obj.metadata?.namespace,
      uid: obj.metadata?.uid,
      resourceVersion: obj.metadata?.resourceVersion,
      creationTimestamp: obj.metadata?.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: sel },
  };
}

export class Router {
  private readonly dice = new FaultDice();
  private readonly users = new WeakMap<IncomingMessage, UserInfo>();
  private readonly metricsModel: MetricsModel;
  private readonly openapi: OpenApiPublisher;

  constructor(private readonly ctx: RouterContext) {
    registerMetricsTypes(ctx.store.registry);
    this.metricsModel = new MetricsModel(ctx.store);
    this.openapi = new OpenApiPublisher(ctx.store);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://kube-sim');
      const parts = url.pathname
        .split('/')
        .filter(Boolean)
        .map(decodeURIComponent);
      if (parts[0] === '_sim') {
        await this.handleSim(req, res, parts, url);
        return;
      }
      const faults = this.ctx.faults();
      if (faults.latencyMs)
        await new Promise(r => setTimeout(r, faults.latencyMs));
      if (
        faults.errorRate &&
        parts[0] !== 'metrics' &&
        this.dice.roll(faults.errorRate)
      ) {
        const status = faults.errorStatus ?? 500;
        send(res, status, injectedError(status));
        return;
      }
      const method = req.method ?? 'GET';
      const bodyText =
        method === 'POST' ||
        method === 'PUT' ||
        method === 'PATCH' ||
        method === 'DELETE'
          ? await readBody(req)
          : '';
      const body = parseBody(bodyText, req.headers['content-type']);
      const auth = this.ctx.auth;
      if (auth && parts[0] !== 'metrics') {
        const user = auth.authenticator.authenticate(req);
        this.users.set(req, user);
        const attrs = requestAttributes(
          user,
          method,
          url.pathname,
          url.searchParams,
        );
        if (!auth.authorizer.authorize(attrs).allowed)
          throw forbiddenError(attrs);
      }
      this.route(req, res, url, parts, method, body);
    } catch (e) {
      sendError(res, e);
    }
  }

  private async handleSim(
    req: IncomingMessage,
    res: ServerResponse,
    parts: string[],
    _url: URL,
  ): Promise<void> {
    if (parts[1] === 'faults') {
      if (req.method === 'POST' || req.method === 'PUT') {
        const body = parseBody(await readBody(req), 'application/json');
        this.ctx.setFaults(normalizeFaults(body));
      }
      send(res, 200, { simulated: true, faults: this.ctx.faults() });
      return;
    }
    if (parts[1] === 'settle') {
      await this.ctx.settle();
      send(res, 200, {
        simulated: true,
        resourceVersion: String(this.ctx.store.resourceVersion),
      });
      return;
    }
    send(res, 200, {
      simulated: true,
      message:
        'kube-sim: SIMULATED Kubernetes API server (dev/test fixture, not a real cluster)',
      endpoints: ['/_sim/faults', '/_sim/settle', '/metrics'],
    });
  }

  private route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    parts: string[],
    method: string,
    body: any,
  ): void {
    const { store } = this.ctx;
    const path = url.pathname;
    if (method === 'GET' || method === 'HEAD') {
      if (path === '/version' || path === '/version/') {
        send(res, 200, SIM_VERSION);
        return;
      }
      if (['/healthz', '/livez', '/readyz'].includes(path)) {
        res.writeHead(200, { ...SIM_HEADERS, 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (path === '/metrics') {
        res.writeHead(200, {
          ...SIM_HEADERS,
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        });
        res.end(renderDcgmMetrics(store));
        return;
      }
      if (parts[0] === 'openapi') {
        this.serveOpenApi(req, res, parts, path);
        return;
      }
      if (path === '/api' || path === '/api/') {
        send(res, 200, apiVersions(this.ctx.serverAddress()));
        return;
      }
      if (path === '/apis' || path === '/apis/') {
        send(res, 200, apiGroupList(store.registry));
        return;
      }
      if (parts[0] === 'api' && parts.length === 2) {
        const doc = apiResourceList(store.registry, '', parts[1]);
        if (parts[1] === 'v1') {
          // subresources served by this router (logs, tokens)
          doc.resources.push(
            {
              name: 'pods/log',
              singularName: '',
              namespaced: true,
              kind: 'Pod',
              verbs: ['get'],
            },
            {
              name: 'serviceaccounts/token',
              singularName: '',
              namespaced: true,
              group: 'authentication.k8s.io',
              version: 'v1',
              kind: 'TokenRequest',
              verbs: ['create'],
            },
          );
        }
        send(res, 200, doc);
        return;
      }
      if (parts[0] === 'apis' && parts.length === 2) {
        const doc = apiGroupDoc(store.registry, parts[1]);
        if (doc) {
          send(res, 200, doc);
          return;
        }
        throw pathNotFound(path);
      }
      if (
        parts[0] === 'apis' &&
        parts[1] === METRICS_GROUP &&
        parts[2] === METRICS_VERSION
      ) {
        if (parts.length === 3) {
          send(res, 200, metricsResourceList());
          return;
        }
        const metrics = handleMetricsRequest(
          this.metricsModel,
          parts.slice(3),
          parseLabelSelector(url.searchParams.get('labelSelector')),
        );
        if (metrics === undefined) throw pathNotFound(path);
        send(res, 200, metrics);
        return;
      }
      if (parts[0] === 'apis' && parts.length === 3) {
        const doc = apiResourceList(store.registry, parts[1], parts[2]);
        if (doc.resources.length) {
          send(res, 200, doc);
          return;
        }
        throw pathNotFound(path);
      }
    }
    if (
      (parts[0] !== 'api' && parts[0] !== 'apis') ||
      parts.length < (parts[0] === 'api' ? 3 : 4)
    ) {
      throw pathNotFound(path);
    }
    if (parts[0] === 'apis' && parts[1] === METRICS_GROUP) {
      throw methodNotAllowed(
        'the server does not allow this method on the requested resource',
      );
    }
    if (
      this.ctx.auth &&
      parts[0] === 'apis' &&
      (parts[1] === 'authorization.k8s.io' ||
        parts[1] === 'authentication.k8s.io') &&
      parts[2] === 'v1'
    ) {
      const namespaced = parts[3] === 'namespaces' && parts.length === 6;
      const resource = namespaced ? parts[5] : parts[3];
      if (
        AUTH_REVIEW_RESOURCES.has(resource) &&
        (namespaced || parts.length === 4)
      ) {
        if (method !== 'POST')
          throw methodNotAllowed(
            'the server does not allow this method on the requested resource',
          );
        send(
          res,
          201,
          handleReview(
            this.ctx.auth,
            this.users.get(req) ?? ADMIN_USER,
            parts[1],
            resource,
            namespaced ? parts[4] : undefined,
            body,
          ),
        );
        return;
      }
    }
    const rp = parseResourcePath(store, parts, method, body);
    if (!rp) throw pathNotFound(path);
    this.resource(req, res, url, rp, method, body);
  }

  private resource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    rp: ResourcePath,
    method: string,
    body: any,
  ): void {
    const { store, api } = this.ctx;
    const { type, name, subresource } = rp;
    const ns = type.namespaced ? rp.namespace : undefined;
    if (type.namespaced === false && rp.namespace !== undefined)
      throw pathNotFound(url.pathname);
    const q = url.searchParams;
    const dryRun =
      q.getAll('dryRun').includes('All') ||
      (body?.dryRun ?? []).includes?.('All');
    const fieldManager =
      q.get('fieldManager') ??
      (req.headers['user-agent'] ?? 'unknown').split('/')[0];

    if (!name) {
      switch (method) {
        case 'GET': {
          const watch =
            rp.watchPrefix ||
            q.get('watch') === 'true' ||
            q.get('watch') === '1';
          const labelSelector = parseLabelSelector(q.get('labelSelector'));
          const fieldSelector = parseFieldSelector(
            q.get('fieldSelector'),
            store.table(type).id,
          );
          if (watch) {
            serveWatch(
              req,
              res,
              {
                store,
                table: store.table(type),
                namespace: ns,
                labelSelector,
                fieldSelector,
                resourceVersion: q.get('resourceVersion') ?? undefined,
                allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
                sendInitialEvents: q.get('sendInitialEvents') === 'true',
                timeoutSeconds: q.has('timeoutSeconds')
                  ? Number(q.get('timeoutSeconds'))
                  : undefined,
                bookmarkIntervalMs: this.ctx.bookmarkIntervalMs,
                dropAfterMs: this.ctx.faults().dropWatchesAfterMs,
                headers: SIM_HEADERS,
                encode: this.watchTableEncoder(req, type, q),
              },
              this.ctx.watches,
            );
            return;
          }
          const listOpts = {
            labelSelector,
            fieldSelector,
            limit: q.has('limit') ? Number(q.get('limit')) : undefined,
            continueToken: q.get('continue') ?? undefined,
          };
          const table = tableRequested(req.headers.accept);
          if (table) {
            this.sendTable(res, type, ns, listOpts, table, q);
            return;
          }
          this.sendList(res, type, ns, listOpts);
          return;
        }
        case 'POST': {
          this.checkEscalation(req, type, ns, body);
          const created = api.create(type, ns, body, { fieldManager, dryRun });
          send(res, 201, created);
          return;
        }
        case 'DELETE': {
          const labelSelector = parseLabelSelector(q.get('labelSelector'));
          const fieldSelector = parseFieldSelector(
            q.get('fieldSelector'),
            store.table(type).id,
          );
          const list = store.list(type, ns, { labelSelector, fieldSelector });
          const deleted: KObject[] = [];
          for (const e of list.entries) {
            try {
              deleted.push(
                api.delete(
                  type,
                  e.obj.metadata!.namespace,
                  e.obj.metadata!.name!,
                  { dryRun },
                ),
              );
            } catch {
              // deleted concurrently
            }
          }
          send(res, 200, {
            kind: `${type.kind}List`,
            apiVersion: apiVersionOf(type),
            metadata: { resourceVersion: String(store.resourceVersion) },
            items: deleted,
          });
          return;
        }
        default:
          throw methodNotAllowed(
            `the server does not allow this method on the requested resource`,
          );
      }
    }

    if (subresource === 'scale') {
      this.scale(
        res,
        rp,
        ns,
        method,
        body,
        req.headers['content-type'],
        fieldManager,
      );
      return;
    }
    if (
      subresource === 'token' &&
      type.plural === 'serviceaccounts' &&
      !type.group &&
      this.ctx.auth
    ) {
      if (method !== 'POST')
        throw methodNotAllowed(
          'the server does not allow this method on the requested resource',
        );
      send(res, 201, createToken(this.ctx.auth, ns!, name, body));
      return;
    }
    if (subresource === 'log' && type.plural === 'pods' && !type.group) {
      if (method !== 'GET')
        throw methodNotAllowed(
          'the server does not allow this method on the requested resource',
        );
      serveLogs(
        req,
        res,
        { store, podType: type, headers: SIM_HEADERS },
        ns!,
        name,
        q,
      );
      return;
    }
    if (
      subresource &&
      !['status', 'binding', 'eviction', 'finalize'].includes(subresource)
    ) {
      throw pathNotFound(url.pathname);
    }
    switch (method) {
      case 'GET': {
        const entry = store.mustGet(type, ns, name);
        const table = !subresource && tableRequested(req.headers.accept);
        if (table) {
          const text = renderTable(
            type,
            [entry],
            { resourceVersion: entry.obj.metadata?.resourceVersion },
            {
              version: table.version,
              include: parseIncludeObject(q.get('includeObject')),
              customColumns: this.customColumns(type),
            },
          ).join('');
          res.writeHead(200, {
            ...SIM_HEADERS,
            'content-type': 'application/json',
          });
          res.end(text);
          return;
        }
        send(res, 200, entryJson(entry));
        return;
      }
      case 'POST':
        if (subresource === 'binding' && type.plural === 'pods') {
          const pod = deepClone(api.get(type, ns, name));
          if (pod.spec?.nodeName)
            throw new KubeStatusError(
              409,
              'Conflict',
              `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`,
            );
          pod.spec.nodeName = body?.target?.name;
          api.update(type, ns, name, pod, { internal: true });
          send(res, 201, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            code: 201,
          });
          return;
        }
        if (subresource === 'eviction' && type.plural === 'pods') {
          api.delete(type, ns, name, { dryRun });
          send(res, 201, {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Success',
            code: 201,
          });
          return;
        }
        throw methodNotAllowed(
          'the server does not allow this method on the requested resource',
        );
      case 'PUT':
        if (!subresource) this.checkEscalation(req, type, ns, body);
        send(
          res,
          200,
          api.update(type, ns, name, body, {
            fieldManager,
            dryRun,
            subresource: subresource === 'status' ? 'status' : undefined,
          }),
        );
        return;
      case 'PATCH': {
        const patchType = patchTypeOf(req.headers['content-type']);
        const existed = !!store.get(type, ns, name);
        const force = q.get('force') === 'true';
        if (force && patchType !== 'apply')
          throw badRequest('force may not be specified for non-apply patch');
        const patchOpts = {
          fieldManager:
            patchType === 'apply'
              ? q.get('fieldManager') ?? undefined
              : fieldManager,
          dryRun,
          force,
          subresource: subresource === 'status' ? 'status' : undefined,
        } as const;
        if (this.needsEscalationCheck(req, type)) {
          // judge the object as the patch would leave it
          const preview = api.patch(type, ns, name, patchType, body, {
            ...patchOpts,
            dryRun: true,
          });
          this.checkEscalation(req, type, ns, preview);
        }
        const result = api.patch(type, ns, name, patchType, body, patchOpts);
        send(res, existed ? 200 : 201, result);
        return;
      }
      case 'DELETE': {
        const policy = (q.get('propagationPolicy') ??
          body?.propagationPolicy) as any;
        send(
          res,
          200,
          api.delete(type, ns, name, {
            propagationPolicy: policy,
            dryRun,
            preconditions: body?.preconditions,
          }),
        );
        return;
      }
      default:
        throw methodNotAllowed(
          'the server does not allow this method on the requested resource',
        );
    }
  }

  private scale(
    res: ServerResponse,
    rp: ResourcePath,
    ns: string | undefined,
    method: string,
    body: any,
    contentType: string | undefined,
    fieldManager: string,
  ): void {
    const { api } = this.ctx;
    const { type, name } = rp;
    if (!(type.subresources ?? []).includes('scale'))
      throw pathNotFound(`${type.plural}/scale`);
    const current = api.get(type, ns, name!);
    if (method === 'GET') {
      send(res, 200, scaleOf(current));
      return;
    }
    let replicas: number;
    if (method === 'PUT') {
      replicas = Number(body?.spec?.replicas);
      const rv = body?.metadata?.resourceVersion;
      if (rv && rv !== current.metadata?.resourceVersion) {
        throw new KubeStatusError(
          409,
          'Conflict',
          `Operation cannot be fulfilled on ${type.plural}.${type.group} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        );
      }
    } else if (method === 'PATCH') {
      const patched =
        patchTypeOf(contentType) === 'json'
          ? applyJsonPatch(scaleOf(current), body)
          : applyMergePatch(scaleOf(current), body);
      replicas = Number(patched?.spec?.replicas);
    } else {
      throw methodNotAllowed(
        'the server does not allow this method on the requested resource',
      );
    }
    if (!Number.isInteger(replicas) || replicas < 0)
      throw badRequest('spec.replicas must be a non-negative integer');
    const next = deepClone(current);
    next.spec.replicas = replicas;
    const updated = api.update(type, ns, name!, next, {
      fieldManager,
      subresource: 'scale',
    });
    send(res, 200, scaleOf(updated));
  }

  private needsEscalationCheck(req: IncomingMessage, type: ResourceType) {
    const user = this.users.get(req);
    return (
      !!this.ctx.auth?.escalation &&
      !!user &&
      !user.groups.includes('system:masters') &&
      type.group === 'rbac.authorization.k8s.io'
    );
  }

  /** RBAC escalation prevention for writes of roles and bindings by non-admin users. */
  private checkEscalation(
    req: IncomingMessage,
    type: ResourceType,
    ns: string | undefined,
    obj: any,
  ): void {
    if (!this.needsEscalationCheck(req, type)) return;
    this.ctx.auth!.escalation!.check(
      this.users.get(req)!,
      type.plural,
      type.namespaced ? ns : undefined,
      obj,
    );
  }

  /** CRD / Flux printer columns of a custom resource type, if any. */
  private customColumns(type: ResourceType) {
    if (!type.group.includes('.') || type.group.endsWith('.k8s.io'))
      return undefined;
    const crds = this.ctx.store.tableById(
      'customresourcedefinitions.apiextensions.k8s.io',
    );
    return customColumnsFor(
      type,
      [...(crds?.map.values() ?? [])].map(e => e.obj),
    );
  }

  /** For watches that ask for Tables: each event's object is a one-row Table (headers first only). */
  private watchTableEncoder(
    req: IncomingMessage,
    type: ResourceType,
    q: URLSearchParams,
  ): ((e: Entry) => string) | undefined {
    const table = tableRequested(req.headers.accept);
    if (!table) return undefined;
    const include = parseIncludeObject(q.get('includeObject'));
    const customColumns = this.customColumns(type);
    let first = true;
    return (e: Entry) => {
      const text = renderTable(
        type,
        [e],
        { resourceVersion: String(e.rv) },
        { version: table.version, include, noHeaders: !first, customColumns },
      ).join('');
      first = false;
      return text;
    };
  }

  private serveOpenApi(
    req: IncomingMessage,
    res: ServerResponse,
    parts: string[],
    path: string,
  ): void {
    const accept = req.headers.accept ?? '*/*';
    const json =
      accept.includes('json') || accept.includes('*/*') || !accept.trim();
    if (!json) {
      throw new KubeStatusError(
        406,
        'NotAcceptable',
        `only the following media types are accepted: application/json`,
      );
    }
    let text: string | undefined;
    if (parts[1] === 'v2' && parts.length === 2) text = this.openapi.v2Text();
    else if (parts[1] === 'v3' && parts.length === 2)
      text = JSON.stringify(this.openapi.v3Root());
    else if (parts[1] === 'v3')
      text = this.openapi.v3Text(parts.slice(2).join('/'));
    if (text === undefined) throw pathNotFound(path);
    res.writeHead(200, {
      ...SIM_HEADERS,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  /** A list as a meta.k8s.io Table (server-side printing), paged like the JSON list. */
  private sendTable(
    res: ServerResponse,
    type: ResourceType,
    ns: string | undefined,
    opts: Parameters<Store['list']>[2],
    table: TableRequest,
    q: URLSearchParams,
  ): void {
    const result = this.ctx.store.list(type, ns, opts);
    const meta: Record<string, unknown> = {
      resourceVersion: result.resourceVersion,
    };
    if (result.continueToken) meta.continue = result.continueToken;
    if (result.remainingItemCount !== undefined)
      meta.remainingItemCount = result.remainingItemCount;
    const parts = renderTable(type, result.entries, meta, {
      version: table.version,
      include: parseIncludeObject(q.get('includeObject')),
      customColumns: this.customColumns(type),
    });
    const body = Buffer.from(parts.join(''));
    res.writeHead(200, {
      ...SIM_HEADERS,
      'content-type': 'application/json',
      'content-length': String(body.length),
    });
    res.end(body);
  }

  private sendList(
    res: ServerResponse,
    type: ResourceType,
    ns: string | undefined,
    opts: Parameters<Store['list']>[2],
  ): void {
    const result = this.ctx.store.list(type, ns, opts);
    const meta: Record<string, unknown> = {
      resourceVersion: result.resourceVersion,
    };
    if (result.continueToken) meta.continue = result.continueToken;
    if (result.remainingItemCount !== undefined)
      meta.remainingItemCount = result.remainingItemCount;
    const head = `{"kind":"${type.kind}List","apiVersion":"${apiVersionOf(
      type,
    )}","metadata":${JSON.stringify(meta)},"items":[`;
    // one buffer per ~8 MB: few writes, no Nagle/delayed-ACK stalls, no giant strings
    const chunks: Buffer[] = [];
    let parts: string[] = [head];
    let size = head.length;
    // like the real API server, items of built-in typed lists carry no apiVersion/kind
    const typed = !type.group.includes('.') || type.group.endsWith('.k8s.io');
    const prefix = `{"apiVersion":"${apiVersionOf(type)}","kind":"${
      type.kind
    }",`;
    result.entries.forEach((e, i) => {
      let json = entryJson(e);
      if (typed && json.startsWith(prefix))
        json = `{${json.slice(prefix.length)}`;
      parts.push(i ? `,${json}` : json);
      size += json.length + 1;
      if (size > 8_000_000) {
        chunks.push(Buffer.from(parts.join('')));
        parts = [];
        size = 0;
      }
    });
    parts.push(']}');
    chunks.push(Buffer.from(parts.join('')));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    res.writeHead(200, {
      ...SIM_HEADERS,
      'content-type': 'application/json',
      'content-length': String(total),
    });
    for (const c of chunks.slice(0, -1)) res.write(c);
    res.end(chunks[chunks.length - 1]);
  }
}
