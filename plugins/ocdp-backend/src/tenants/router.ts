import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  OcdpTenant,
  ocdpQuotaUpdatePermission,
  ocdpTenantCreatePermission,
  ocdpTenantDeletePermission,
} from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { OcdpBackendConfig } from '../config/readOcdpBackendConfig';
import { audited } from '../audit/audited';
import {
  requirePermission,
  scopeAllows,
  tenantReadScope,
} from '../permissions';
import {
  parseCreateTenantRequest,
  parseIfMatch,
  parseTenantListQuery,
  parseUpdateQuotaRequest,
  RequestContext,
} from './parseRequests';
import { TenantService } from './TenantService';

export interface TenantsRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  tenants: TenantService;
  clusters: OcdpClustersService;
  config: OcdpBackendConfig;
}

/**
 * `/tenants` routes: each turns its request into a typed input (or a 400 naming the field),
 * checks an OCDP permission, and calls the service; mutations emit auditor events.
 */
export function createTenantsRouter(
  options: TenantsRouterOptions,
): express.Router {
  const { httpAuth, permissions, auditor, tenants, clusters, config } = options;
  const router = Router();

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const requestContext = (): RequestContext => ({
    config,
    clusterNames: clusters.list().map(c => c.name),
  });

  async function readable(req: Request, name: string): Promise<OcdpTenant> {
    const scope = await tenantReadScope(permissions, await credentialsOf(req));
    if (scope.kind === 'none') {
      throw new NotAllowedError(`you may not read tenant "${name}"`);
    }
    const tenant = await tenants.get(name);
    if (!scopeAllows(scope, tenant)) {
      throw new NotAllowedError(
        `you may not read tenant "${name}": you are not a member`,
      );
    }
    return tenant;
  }

  router.get('/tenants', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseTenantListQuery(req.query as Record<string, unknown>);
    if ('userEntityRef' in credentials.principal) {
      await tenants.ensurePersonalTenant(credentials.principal.userEntityRef);
    }
    const scope = await tenantReadScope(permissions, credentials);
    if (scope.kind === 'none') {
      res.json({ items: [], totalCount: 0 });
      return;
    }
    const ownerIn = scope.kind === 'some' ? scope.ownerIn : undefined;
    if (scope.kind === 'some' && !ownerIn) {
      // criteria the database cannot express: filter every tenant in memory
      const items = (await tenants.list()).filter(t => scope.allows(t));
      res.json({ items, totalCount: items.length });
      return;
    }
    if (
      query.limit === undefined &&
      !query.q &&
      !query.owner &&
      !query.cluster
    ) {
      const items = await tenants.list(ownerIn ? { ownerIn } : {});
      res.json({ items, totalCount: items.length });
      return;
    }
    res.json(
      await tenants.page({
        ...query,
        limit: query.limit ?? Number.MAX_SAFE_INTEGER,
        ...(ownerIn ? { ownerIn } : {}),
      }),
    );
  });

  router.post('/tenants', async (req, res) => {
    const credentials = await credentialsOf(req);
    await requirePermission({
      permissions,
      credentials,
      permission: ocdpTenantCreatePermission,
      action: 'create tenants',
    });
    const createdBy =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : `service:${credentials.principal.subject}`;
    const tenant = await audited(
      auditor,
      req,
      'tenant-create',
      { tenant: String(req.body?.name ?? '') },
      async () =>
        tenants.create(
          parseCreateTenantRequest(req.body, requestContext()),
          createdBy,
        ),
    );
    res.status(201).json(tenant);
  });

  router.get('/tenants/:tenant', async (req, res) => {
    res.json(await readable(req, req.params.tenant));
  });

  router.put('/tenants/:tenant/bindings/:cluster', async (req, res) => {
    const credentials = await credentialsOf(req);
    await requirePermission({
      permissions,
      credentials,
      permission: ocdpQuotaUpdatePermission,
      action: 'change quotas',
    });
    const { tenant, cluster } = req.params;
    const version = parseIfMatch(req.header('if-match'));
    const result = await audited(
      auditor,
      req,
      'tenant-quota-update',
      {
        tenant,
        cluster,
        ifMatch: version === undefined ? '' : String(version),
      },
      async () =>
        tenants.setQuota(
          tenant,
          cluster,
          parseUpdateQuotaRequest(req.body, config),
          version,
        ),
    );
    res.status(result.created ? 201 : 200);
    res.setHeader('ETag', `"${result.binding.version}"`);
    res.json(result.binding);
  });

  router.delete('/tenants/:tenant', async (req, res) => {
    const credentials = await credentialsOf(req);
    await requirePermission({
      permissions,
      credentials,
      permission: ocdpTenantDeletePermission,
      action: 'delete tenants',
    });
    const { tenant } = req.params;
    await audited(auditor, req, 'tenant-delete', { tenant }, () =>
      tenants.delete(tenant),
    );
    res.status(204).end();
  });

  router.post(
    '/tenants/:tenant/bindings/:cluster/kubeconfig',
    async (req, res) => {
      const { tenant: name, cluster } = req.params;
      const tenant = await readable(req, name);
      const issued = await audited(
        auditor,
        req,
        'tenant-kubeconfig',
        { tenant: name, cluster },
        () => tenants.kubeconfig(tenant, cluster),
      );
      res.setHeader('Cache-Control', 'no-store');
      if (issued.expiresAt)
        res.setHeader('X-Token-Expires-At', issued.expiresAt);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="kubeconfig-${name}-${cluster}.yaml"`,
      );
      res.type('application/yaml').send(issued.kubeconfig);
    },
  );

  router.get('/tenants/:tenant/usage', async (req, res) => {
    await readable(req, req.params.tenant);
    res.json(await tenants.usage(req.params.tenant));
  });

  return router;
}
