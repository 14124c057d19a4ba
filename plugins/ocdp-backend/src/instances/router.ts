import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  OcdpInstance,
  OcdpTenant,
  ocdpInstanceCreatePermission,
  ocdpInstanceDeletePermission,
  ocdpInstanceUpdatePermission,
} from '@ocdp/plugin-ocdp-common';
import { OcdpClustersService } from '@ocdp/plugin-ocdp-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { audited } from '../audit/audited';
import {
  requirePermission,
  scopeAllows,
  tenantReadScope,
  TenantReadScope,
} from '../permissions';
import { parseIfMatch } from '../tenants/parseRequests';
import { TenantService } from '../tenants/TenantService';
import { InstanceRefusedError } from './InstanceRefusedError';
import { InstanceService } from './InstanceService';
import {
  parseCreateInstanceRequest,
  parseInstanceChange,
  parseInstanceListQuery,
} from './parseInstanceRequests';

export interface InstancesRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  tenants: TenantService;
  clusters: OcdpClustersService;
  instances: InstanceService;
  chartNames: string[];
}

/**
 * `/instances` routes. Everyone sees the instances of the tenants they may read; changing one
 * needs the instance permission and membership of its tenant. A change the pre-flight refuses is
 * a 409 whose body carries the report.
 */
export function createInstancesRouter(
  options: InstancesRouterOptions,
): express.Router {
  const { httpAuth, permissions, auditor, tenants, instances } = options;
  const router = Router();

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** The tenant, when the scope lets the caller act on it; 403 otherwise. */
  async function memberTenant(
    scope: TenantReadScope,
    name: string,
    action: string,
  ): Promise<OcdpTenant> {
    const tenant = scope.kind === 'none' ? undefined : await tenants.find(name);
    if (!tenant || !scopeAllows(scope, tenant)) {
      throw new NotAllowedError(
        `you may not ${action} instances of tenant "${name}": you are not a member`,
      );
    }
    return tenant;
  }

  async function authorized(
    req: Request,
    permission: BasicPermission | undefined,
    action: string,
    tenantName: string,
  ): Promise<{
    credentials: Awaited<ReturnType<typeof credentialsOf>>;
    tenant: OcdpTenant;
  }> {
    const credentials = await credentialsOf(req);
    if (permission) {
      await requirePermission({
        permissions,
        credentials,
        permission,
        action: `${action} model instances`,
      });
    }
    const scope = await tenantReadScope(permissions, credentials);
    return {
      credentials,
      tenant: await memberTenant(scope, tenantName, action),
    };
  }

  async function withRefusal(
    res: express.Response,
    run: () => Promise<void>,
  ): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof InstanceRefusedError) {
        res.status(409).json({
          error: { name: 'ConflictError', message: error.message },
          report: error.report,
        });
        return;
      }
      throw error;
    }
  }

  router.get('/instances', async (req, res) => {
    const query = parseInstanceListQuery(req.query as Record<string, unknown>);
    const scope = await tenantReadScope(permissions, await credentialsOf(req));
    if (scope.kind === 'none') {
      res.json({ items: [] });
      return;
    }
    if (scope.kind === 'all') {
      res.json({ items: await instances.list(query) });
      return;
    }
    // the tenants the caller may read, in one query when the policy's conditions allow it
    const readable = scope.ownerIn
      ? await tenants.list({ ownerIn: scope.ownerIn })
      : (await tenants.list()).filter(t => scope.allows(t));
    res.json({
      items: await instances.list({
        ...query,
        tenants: readable.map(t => t.name),
      }),
    });
  });

  router.get('/instances/:id', async (req, res) => {
    const instance = await instances.get(req.params.id);
    await authorized(req, undefined, 'read', instance.tenant);
    res.json(await instances.details(instance));
  });

  router.post('/instances', async (req, res) => {
    const input = parseCreateInstanceRequest(req.body, {
      clusterNames: options.clusters.list().map(c => c.name),
      chartNames: options.chartNames,
    });
    const { credentials, tenant } = await authorized(
      req,
      ocdpInstanceCreatePermission,
      'deploy',
      input.tenant,
    );
    const owner =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : `service:${credentials.principal.subject}`;
    await withRefusal(res, async () => {
      const created = await audited(
        auditor,
        req,
        'instance-create',
        { tenant: input.tenant, cluster: input.cluster, name: input.name },
        () => instances.create(input, tenant, owner),
      );
      res.status(201).json(created);
    });
  });

  router.patch('/instances/:id', async (req, res) => {
    const change = parseInstanceChange(req.body);
    const version = parseIfMatch(req.header('if-match'));
    const instance: OcdpInstance = await instances.get(req.params.id);
    const { tenant } = await authorized(
      req,
      ocdpInstanceUpdatePermission,
      'change',
      instance.tenant,
    );
    await withRefusal(res, async () => {
      const updated = await audited(
        auditor,
        req,
        change.kind === 'scale' ? 'instance-scale' : 'instance-update',
        {
          instance: instance.id,
          tenant: instance.tenant,
          ...(change.kind === 'scale'
            ? { replicas: String(change.replicas) }
            : { keys: Object.keys(change.values).join(',') }),
        },
        () => instances.change(instance, tenant, change, version),
      );
      res.setHeader('ETag', `"${updated.version}"`);
      res.json(updated);
    });
  });

  router.delete('/instances/:id', async (req, res) => {
    const instance = await instances.get(req.params.id);
    await authorized(
      req,
      ocdpInstanceDeletePermission,
      'delete',
      instance.tenant,
    );
    await audited(
      auditor,
      req,
      'instance-delete',
      { instance: instance.id, tenant: instance.tenant },
      () => instances.delete(instance),
    );
    res.status(204).end();
  });

  return router;
}
