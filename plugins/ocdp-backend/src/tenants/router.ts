import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  OcdpTenant,
  ocdpQuotaUpdatePermission,
  ocdpTenantCreatePermission,
  ocdpTenantDeletePermission,
  ocdpTenantReadPermission,
} from '@ocdp/plugin-ocdp-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { parseIfMatch } from './parseRequests';
import {
  ownersAllowedBy,
  tenantPermissionRules,
  TenantQuery,
} from './permissions';
import { TenantService } from './TenantService';

export interface TenantsRouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  tenants: TenantService;
}

/** `/tenants` routes. Every route checks an OCDP permission; mutations emit auditor events. */
export function createTenantsRouter(
  options: TenantsRouterOptions,
): express.Router {
  const { httpAuth, permissions, auditor, tenants } = options;
  const transform = createConditionTransformer<
    TenantQuery,
    typeof tenantPermissionRules
  >(tenantPermissionRules);
  const isAllowed = createConditionAuthorizer(tenantPermissionRules);
  const router = Router();

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  async function require(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    action: string,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`you may not ${action} (${permission.name})`);
    }
  }

  async function readable(req: Request, name: string): Promise<OcdpTenant> {
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: ocdpTenantReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`you may not read tenant "${name}"`);
    }
    const tenant = await tenants.get(name);
    if (!isAllowed(decision, tenant)) {
      throw new NotAllowedError(
        `you may not read tenant "${name}": you are not a member`,
      );
    }
    return tenant;
  }

  async function audited<T>(
    req: Request,
    eventId: string,
    meta: Record<string, string>,
    action: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await action();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/tenants', async (req, res) => {
    const credentials = await credentialsOf(req);
    if ('userEntityRef' in credentials.principal) {
      await tenants.ensurePersonalTenant(credentials.principal.userEntityRef);
    }
    const [decision] = await permissions.authorizeConditional(
      [{ permission: ocdpTenantReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      res.json({ items: [] });
      return;
    }
    if (decision.result === AuthorizeResult.ALLOW) {
      res.json({ items: await tenants.list() });
      return;
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      throw new NotAllowedError('unexpected permission decision');
    }
    const ownerIn = ownersAllowedBy(transform(decision.conditions));
    const items = ownerIn
      ? await tenants.list({ ownerIn })
      : (await tenants.list()).filter(t => isAllowed(decision, t));
    res.json({ items });
  });

  router.post('/tenants', async (req, res) => {
    const credentials = await credentialsOf(req);
    await require(ocdpTenantCreatePermission, credentials, 'create tenants');
    const createdBy =
      'userEntityRef' in credentials.principal
        ? credentials.principal.userEntityRef
        : `service:${credentials.principal.subject}`;
    const tenant = await audited(
      req,
      'tenant-create',
      { tenant: String(req.body?.name ?? '') },
      () => tenants.create(req.body, createdBy),
    );
    res.status(201).json(tenant);
  });

  router.get('/tenants/:tenant', async (req, res) => {
    res.json(await readable(req, req.params.tenant));
  });

  router.put('/tenants/:tenant/bindings/:cluster', async (req, res) => {
    const credentials = await credentialsOf(req);
    await require(ocdpQuotaUpdatePermission, credentials, 'change quotas');
    const { tenant, cluster } = req.params;
    const version = parseIfMatch(req.header('if-match'));
    const result = await audited(
      req,
      'tenant-quota-update',
      {
        tenant,
        cluster,
        ifMatch: version === undefined ? '' : String(version),
      },
      () => tenants.setQuota(tenant, cluster, req.body, version),
    );
    res.status(result.created ? 201 : 200);
    res.setHeader('ETag', `"${result.binding.version}"`);
    res.json(result.binding);
  });

  router.delete('/tenants/:tenant', async (req, res) => {
    const credentials = await credentialsOf(req);
    await require(ocdpTenantDeletePermission, credentials, 'delete tenants');
    const { tenant } = req.params;
    await audited(req, 'tenant-delete', { tenant }, () =>
      tenants.delete(tenant),
    );
    res.status(204).end();
  });

  router.get('/tenants/:tenant/usage', async (req, res) => {
    await readable(req, req.params.tenant);
    res.json(await tenants.usage(req.params.tenant));
  });

  return router;
}
