/**
 * OpenAPI documents of the SIMULATED API server: `/openapi/v2` (Swagger 2.0, JSON) and
 * `/openapi/v3` (+ one OpenAPI 3.0 document per group/version), for `kubectl apply`, kubectl's
 * field validation check and `kubectl explain`.
 *
 * The schemas (definitions) are upstream Kubernetes' own: the v1.13.4 `swagger.json` shipped in
 * the npm package `kubernetes-client@9.0.0` (lib/specs/swagger-1.13.json.gz), vendored verbatim
 * in `openapi/`. Paths are generated for the kinds this simulator serves. Kinds the old spec does
 * not know (newer versions, Flux kinds, metrics) get a permissive object schema, or, for custom
 * resources with a CustomResourceDefinition, the CRD's `openAPIV3Schema`, like the real server.
 * Every write operation advertises the `fieldValidation` query parameter, so kubectl leaves field
 * validation to the server (which here accepts unknown fields).
 */
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { ResourceType, SIM_VERSION, apiVersionOf } from './resources';
import type { Store } from './store';

/** The vendored upstream spec, found from the package root (src/ or dist/ alike). */
export const UPSTREAM_SPEC_FILE = path.join(
  path.dirname(require.resolve('@ocdp/kube-sim/package.json')),
  'openapi',
  'kubernetes-v1.13.4-swagger.json.gz',
);

type Json = Record<string, any>;

const RESPONSE_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
};

let upstream: Json | undefined;

/** The vendored upstream Swagger 2.0 document (parsed once). */
export function upstreamSpec(): Json {
  if (!upstream) {
    upstream = JSON.parse(
      zlib.gunzipSync(fs.readFileSync(UPSTREAM_SPEC_FILE)).toString('utf8'),
    );
  }
  return upstream!;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** Upstream definitions by group/version/kind. */
function definitionsByGvk(spec: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, def] of Object.entries<any>(spec.definitions ?? {})) {
    for (const g of def['x-kubernetes-group-version-kind'] ?? []) {
      const key = gvkKey(g.group ?? '', g.version, g.kind);
      // prefer io.k8s.api.* over the older io.k8s.kubernetes.pkg.* aliases
      if (!out.has(key) || name.startsWith('io.k8s.api.')) out.set(key, name);
    }
  }
  return out;
}

/** The real server's definition name for a custom kind: reversed group, version, kind. */
function customDefinitionName(t: ResourceType): string {
  const group = t.group.split('.').reverse().join('.');
  return `${group}.${t.version}.${t.kind}`;
}

function queryParam(name: string, type: string, description: string) {
  return { name, in: 'query', type, uniqueItems: true, description };
}

const P = {
  pretty: queryParam(
    'pretty',
    'string',
    "If 'true', then the output is pretty printed.",
  ),
  dryRun: queryParam(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed',
  ),
  fieldManager: queryParam(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes. The value must be less than or 128 characters long, and only contain printable characters, as defined by https://golang.org/pkg/unicode/#IsPrint.',
  ),
  fieldValidation: queryParam(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict.',
  ),
  force: queryParam(
    'force',
    'boolean',
    'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.',
  ),
  labelSelector: queryParam(
    'labelSelector',
    'string',
    'A selector to restrict the list of returned objects by their labels. Defaults to everything.',
  ),
  fieldSelector: queryParam(
    'fieldSelector',
    'string',
    'A selector to restrict the list of returned objects by their fields. Defaults to everything.',
  ),
  limit: queryParam(
    'limit',
    'integer',
    'limit is a maximum number of responses to return for a list call. If more items exist, the server will set the `continue` field on the list metadata to a value that can be used with the same initial query to retrieve the next set of results.',
  ),
  continue: queryParam(
    'continue',
    'string',
    'The continue option should be set when retrieving more results from the server.',
  ),
  resourceVersion: queryParam(
    'resourceVersion',
    'string',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  watch: queryParam(
    'watch',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.',
  ),
  allowWatchBookmarks: queryParam(
    'allowWatchBookmarks',
    'boolean',
    'allowWatchBookmarks requests watch events with type "BOOKMARK".',
  ),
  timeoutSeconds: queryParam(
    'timeoutSeconds',
    'integer',
    'Timeout for the list/watch call. This limits the duration of the call, regardless of any activity or inactivity.',
  ),
  propagationPolicy: queryParam(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'.",
  ),
};

const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  type: 'string',
  uniqueItems: true,
  description,
});

const ref = (def: string) => ({ $ref: `#/definitions/${def}` });

/** The Swagger 2.0 paths and definitions of one served resource type. */
function typePaths(
  t: ResourceType,
  def: string,
  listDef: string | undefined,
): Record<string, Json> {
  const gvk = { group: t.group, version: t.version, kind: t.kind };
  const gv = apiVersionOf(t);
  const prefix = t.group ? `/apis/${gv}` : `/api/${gv}`;
  const opBase = `${t.group
    .split('.')
    .map(s => s.charAt(0).toUpperCase() + s.slice(1))
    .join('')}${t.version.charAt(0).toUpperCase()}${t.version.slice(1)}`;
  const tag = `${t.group ? t.group.replace(/\./g, '_') : 'core'}_${t.version}`;
  const ns = t.namespaced ? 'Namespaced' : '';
  const op = (
    action: string,
    verb: string,
    extra: Json,
    parameters: Json[],
    responseDef: string,
    codes: string[] = ['200'],
  ) => ({
    description: `${verb} ${t.kind}`,
    consumes: ['*/*'],
    produces: ['application/json', 'application/yaml'],
    schemes: ['https'],
    tags: [tag],
    operationId: `${verb}${opBase}${extra.suffix ?? ns}${t.kind}${
      extra.subresource ?? ''
    }`,
    parameters,
    responses: {
      ...Object.fromEntries(
        codes.map(code => [
          code,
          {
            description: RESPONSE_TEXT[code] ?? 'OK',
            schema: ref(responseDef),
          },
        ]),
      ),
      '401': { description: 'Unauthorized' },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const body = (schemaDef: string) => ({
    name: 'body',
    in: 'body',
    required: true,
    schema: ref(schemaDef),
  });
  const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];
  const listParams = [
    P.allowWatchBookmarks,
    P.continue,
    P.fieldSelector,
    P.labelSelector,
    P.limit,
    P.resourceVersion,
    P.timeoutSeconds,
    P.watch,
  ];
  const nameParam = pathParam('name', `name of the ${t.kind}`);
  const nsParam = pathParam(
    'namespace',
    'object name and auth scope, such as for teams and projects',
  );
  const patchOp = (subresource = '') => ({
    ...op(
      'patch',
      'patch',
      { subresource },
      [
        {
          name: 'body',
          in: 'body',
          required: true,
          schema: ref(`${META}.Patch`),
        },
        ...writeParams,
        P.force,
      ],
      def,
      ['200', '201'],
    ),
    consumes: [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ],
  });
  const collection = t.namespaced
    ? `${prefix}/namespaces/{namespace}/${t.plural}`
    : `${prefix}/${t.plural}`;
  const item = `${collection}/{name}`;
  const scopeParams = t.namespaced ? [nsParam] : [];
  const paths: Record<string, Json> = {};
  const listResponse = listDef ?? def;
  paths[collection] = {
    get: op('list', 'list', {}, listParams, listResponse),
    post: op('post', 'create', {}, [body(def), ...writeParams], def, [
      '200',
      '201',
      '202',
    ]),
    delete: op(
      'deletecollection',
      'deletecollection',
      {},
      [...listParams, P.dryRun, P.propagationPolicy],
      `${META}.Status`,
    ),
    parameters: [...scopeParams, P.pretty],
  };
  paths[item] = {
    get: op('get', 'read', {}, [], def),
    put: op('put', 'replace', {}, [body(def), ...writeParams], def, [
      '200',
      '201',
    ]),
    patch: patchOp(),
    delete: op(
      'delete',
      'delete',
      {},
      [P.dryRun, P.propagationPolicy],
      `${META}.Status`,
      ['200', '202'],
    ),
    parameters: [nameParam, ...scopeParams, P.pretty],
  };
  if (t.namespaced) {
    paths[`${prefix}/${t.plural}`] = {
      get: op(
        'list',
        'list',
        { suffix: '', subresource: 'ForAllNamespaces' },
        listParams,
        listResponse,
      ),
      parameters: [P.pretty],
    };
  }
  if ((t.subresources ?? []).includes('status')) {
    paths[`${item}/status`] = {
      get: op('get', 'read', { subresource: 'Status' }, [], def),
      put: op(
        'put',
        'replace',
        { subresource: 'Status' },
        [body(def), ...writeParams],
        def,
        ['200', '201'],
      ),
      patch: patchOp('Status'),
      parameters: [nameParam, ...scopeParams, P.pretty],
    };
  }
  return paths;
}

function permissiveDefinition(t: ResourceType, schema?: Json): Json {
  const base = schema
    ? JSON.parse(JSON.stringify(schema))
    : {
        type: 'object',
        description: `${t.kind} (${apiVersionOf(
          t,
        )}), served by the SIMULATED API server without a published schema.`,
        'x-kubernetes-preserve-unknown-fields': true,
      };
  base.properties = {
    apiVersion: {
      description:
        'APIVersion defines the versioned schema of this representation of an object.',
      type: 'string',
    },
    kind: {
      description:
        'Kind is a string value representing the REST resource this object represents.',
      type: 'string',
    },
    ...(base.properties ?? {}),
    metadata: ref(`${META}.ObjectMeta`),
  };
  base.type = 'object';
  base['x-kubernetes-group-version-kind'] = [
    { group: t.group, kind: t.kind, version: t.version },
  ];
  return base;
}

/** Names of the definitions a schema refers to, transitively. */
function closure(defs: Json, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (
          k === '$ref' &&
          typeof x === 'string' &&
          x.startsWith('#/definitions/')
        ) {
          const name = x.slice('#/definitions/'.length);
          if (!seen.has(name)) stack.push(name);
        } else walk(x);
      }
    }
  };
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name) || !defs[name]) continue;
    seen.add(name);
    walk(defs[name]);
  }
  return seen;
}

/** Swagger 2.0 schema → OpenAPI 3.0 schema, the way the API server publishes them. */
function schemaV3(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(schemaV3);
  if (!v || typeof v !== 'object') return v;
  const o = v as Json;
  if (o.format === 'int-or-string') {
    const { type: _t, format: _f, ...rest } = o;
    return { ...rest, 'x-kubernetes-int-or-string': true };
  }
  const out: Json = {};
  for (const [k, x] of Object.entries(o)) {
    if (k === '$ref' && typeof x === 'string')
      out[k] = x.replace('#/definitions/', '#/components/schemas/');
    else out[k] = schemaV3(x);
  }
  return out;
}

function operationV3(op: Json): Json {
  const params: Json[] = [];
  let requestBody: Json | undefined;
  for (const p of op.parameters ?? []) {
    if (p.in === 'body') {
      const contentTypes: string[] =
        op.consumes && op.consumes[0] !== '*/*' ? op.consumes : ['*/*'];
      requestBody = {
        content: Object.fromEntries(
          contentTypes.map(ct => [ct, { schema: schemaV3(p.schema) }]),
        ),
        required: !!p.required,
      };
    } else {
      params.push(parameterV3(p));
    }
  }
  const responses: Json = {};
  for (const [code, r] of Object.entries<any>(op.responses ?? {})) {
    responses[code] = r.schema
      ? {
          description: r.description,
          content: Object.fromEntries(
            (op.produces ?? ['application/json']).map((ct: string) => [
              ct,
              { schema: schemaV3(r.schema) },
            ]),
          ),
        }
      : { description: r.description };
  }
  const out: Json = {
    tags: op.tags,
    description: op.description,
    operationId: op.operationId,
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
  for (const [k, x] of Object.entries(op)) if (k.startsWith('x-')) out[k] = x;
  return out;
}

function parameterV3(p: Json): Json {
  return {
    name: p.name,
    in: p.in,
    description: p.description,
    ...(p.required ? { required: true } : {}),
    schema: { type: p.type, uniqueItems: p.uniqueItems },
  };
}

export interface OpenApiDocs {
  v2: Json;
  /** 'api/v1', 'apis/apps/v1', ... → OpenAPI 3.0 document. */
  v3: Map<string, { doc: Json; hash: string }>;
}

/** Builds (and caches until the served kinds change) the OpenAPI documents. */
export class OpenApiPublisher {
  private cache?: {
    key: string;
    docs: OpenApiDocs;
    v2Text?: string;
    v3Text: Map<string, string>;
  };

  constructor(private readonly store: Store) {}

  private cacheKey(): string {
    const crds = this.store.tableById(
      'customresourcedefinitions.apiextensions.k8s.io',
    );
    let rv = 0;
    for (const e of crds?.map.values() ?? []) rv = Math.max(rv, e.rv);
    return `${this.store.registry.all().length}/${rv}`;
  }

  private crdSchema(t: ResourceType): Json | undefined {
    const table = this.store.tableById(
      'customresourcedefinitions.apiextensions.k8s.io',
    );
    for (const e of table?.map.values() ?? []) {
      const spec = e.obj.spec;
      if (spec?.group !== t.group || spec?.names?.plural !== t.plural) continue;
      const v = (spec.versions ?? []).find((x: any) => x?.name === t.version);
      return v?.schema?.openAPIV3Schema ?? spec.validation?.openAPIV3Schema;
    }
    return undefined;
  }

  docs(): OpenApiDocs {
    const key = this.cacheKey();
    if (this.cache?.key === key) return this.cache.docs;
    const spec = upstreamSpec();
    const byGvk = definitionsByGvk(spec);
    const definitions: Json = { ...spec.definitions };
    const paths: Json = {};
    const byGv = new Map<string, { paths: Json; roots: Set<string> }>();
    for (const t of this.store.registry.all()) {
      let def = byGvk.get(gvkKey(t.group, t.version, t.kind));
      const crd = def ? undefined : this.crdSchema(t);
      if (!def) {
        def = customDefinitionName(t);
        definitions[def] = permissiveDefinition(t, crd);
      }
      let listDef = byGvk.get(gvkKey(t.group, t.version, `${t.kind}List`));
      if (!listDef) {
        listDef = `${def}List`;
        definitions[listDef] = {
          description: `${t.kind}List is a list of ${t.kind}`,
          type: 'object',
          required: ['items'],
          properties: {
            apiVersion: { type: 'string' },
            items: { type: 'array', items: ref(def) },
            kind: { type: 'string' },
            metadata: ref(`${META}.ListMeta`),
          },
          'x-kubernetes-group-version-kind': [
            { group: t.group, kind: `${t.kind}List`, version: t.version },
          ],
        };
      }
      const tp = typePaths(t, def, listDef);
      Object.assign(paths, tp);
      const gvPath = t.group
        ? `apis/${t.group}/${t.version}`
        : `api/${t.version}`;
      const entry = byGv.get(gvPath) ?? { paths: {}, roots: new Set<string>() };
      Object.assign(entry.paths, tp);
      entry.roots.add(def);
      entry.roots.add(listDef);
      byGv.set(gvPath, entry);
    }
    const common = [
      `${META}.Status`,
      `${META}.Patch`,
      `${META}.DeleteOptions`,
      `${META}.WatchEvent`,
    ];
    const info = { title: 'Kubernetes', version: SIM_VERSION.gitVersion };
    const v2: Json = {
      swagger: '2.0',
      info,
      paths,
      definitions,
      securityDefinitions: {
        BearerToken: {
          description: 'Bearer Token authentication',
          type: 'apiKey',
          name: 'authorization',
          in: 'header',
        },
      },
      security: [{ BearerToken: [] }],
    };
    const v3 = new Map<string, { doc: Json; hash: string }>();
    for (const [gvPath, { paths: gvPaths, roots }] of byGv) {
      const names = closure(definitions, [...roots, ...common]);
      const schemas: Json = {};
      for (const n of [...names].sort()) schemas[n] = schemaV3(definitions[n]);
      const v3paths: Json = {};
      for (const [p, item] of Object.entries<any>(gvPaths)) {
        const out: Json = {};
        for (const [method, op] of Object.entries<any>(item)) {
          if (method === 'parameters') out.parameters = op.map(parameterV3);
          else out[method] = operationV3(op);
        }
        v3paths[p] = out;
      }
      const doc = {
        openapi: '3.0.0',
        info,
        paths: v3paths,
        components: {
          schemas,
          securitySchemes: {
            BearerToken: {
              type: 'apiKey',
              description: 'Bearer Token authentication',
              name: 'authorization',
              in: 'header',
            },
          },
        },
      };
      const hash = crypto
        .createHash('sha512')
        .update(JSON.stringify(doc))
        .digest('hex')
        .slice(0, 128)
        .toUpperCase();
      v3.set(gvPath, { doc, hash });
    }
    const docs = { v2, v3 };
    this.cache = { key, docs, v3Text: new Map() };
    return docs;
  }

  /** /openapi/v2 as JSON text (cached). */
  v2Text(): string {
    const docs = this.docs();
    if (!this.cache!.v2Text) this.cache!.v2Text = JSON.stringify(docs.v2);
    return this.cache!.v2Text;
  }

  /** /openapi/v3 discovery document. */
  v3Root(): Json {
    const paths: Json = {};
    for (const [p, { hash }] of [...this.docs().v3].sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
    return { paths };
  }

  /** One group/version document as JSON text, or undefined. */
  v3Text(gvPath: string): string | undefined {
    const docs = this.docs();
    const d = docs.v3.get(gvPath);
    if (!d) return undefined;
    let text = this.cache!.v3Text.get(gvPath);
    if (!text) {
      text = JSON.stringify(d.doc);
      this.cache!.v3Text.set(gvPath, text);
    }
    return text;
  }
}
