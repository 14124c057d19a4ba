import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { NewTenant, QuotaSpec, SyncStatus, Tenant, TenantBinding } from './types';

const TENANTS = 'ocdp_tenants';
const BINDINGS = 'ocdp_tenant_bindings';

type TenantRow = {
  name: string;
  owner_ref: string;
  personal: boolean | number;
  created_by: string;
  created_at: string | Date;
};

type BindingRow = {
  tenant_name: string;
  cluster: string;
  namespace: string;
  quota: string;
  sync_status: SyncStatus;
  last_error: string | null;
  last_synced_at: string | Date | null;
  version: number;
  updated_at?: string | Date;
};

function toIso(value: string | Date): string {
  return new Date(value).toISOString();
}

function toBinding(row: BindingRow): TenantBinding {
  return {
    cluster: row.cluster,
    namespace: row.namespace,
    quota: JSON.parse(row.quota),
    syncStatus: row.sync_status,
    ...(row.last_error ? { lastError: row.last_error } : {}),
    ...(row.last_synced_at ? { lastSyncedAt: toIso(row.last_synced_at) } : {}),
    version: Number(row.version),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/** Tenants and their cluster bindings in the plugin's database, the source of truth for quotas. */
export class TenantStore {
  constructor(private readonly db: Knex) {}

  async create(tenant: NewTenant): Promise<Tenant> {
    try {
      await this.db.transaction(async tx => {
        await tx<TenantRow>(TENANTS).insert({
          name: tenant.name,
          owner_ref: tenant.ownerRef,
          personal: tenant.personal ?? false,
          created_by: tenant.createdBy,
        });
        if (tenant.bindings.length > 0) {
          await tx(BINDINGS).insert(
            tenant.bindings.map(b => ({
              tenant_name: tenant.name,
              cluster: b.cluster,
              namespace: b.namespace,
              quota: JSON.stringify(b.quota),
              sync_status: 'pending',
              version: 1,
            })),
          );
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw await this.explainConflict(tenant);
      }
      throw error;
    }
    return (await this.get(tenant.name))!;
  }

  async get(name: string): Promise<Tenant | undefined> {
    const row = await this.db<TenantRow>(TENANTS).where({ name }).first();
    if (!row) return undefined;
    const bindings = await this.db<BindingRow>(BINDINGS)
      .where({ tenant_name: name })
      .orderBy('cluster');
    return this.toTenant(row, bindings);
  }

  async list(): Promise<Tenant[]> {
    const [rows, bindings] = await Promise.all([
      this.db<TenantRow>(TENANTS).orderBy('name'),
      this.db<BindingRow>(BINDINGS).orderBy(['tenant_name', 'cluster']),
    ]);
    const byTenant = new Map<string, BindingRow[]>();
    for (const b of bindings) {
      const list = byTenant.get(b.tenant_name) ?? [];
      list.push(b);
      byTenant.set(b.tenant_name, list);
    }
    return rows.map(row => this.toTenant(row, byTenant.get(row.name) ?? []));
  }

  /**
   * Replaces a binding's quota when `expectedVersion` is the stored version, marking the binding
   * `pending` for the next sync. A stale version is a 409.
   */
  async updateQuota(
    tenant: string,
    cluster: string,
    quota: QuotaSpec,
    expectedVersion?: number,
  ): Promise<TenantBinding> {
    const query = this.db<BindingRow>(BINDINGS).where({
      tenant_name: tenant,
      cluster,
    });
    if (expectedVersion !== undefined) query.andWhere({ version: expectedVersion });
    const updated = await query.update({
      quota: JSON.stringify(quota),
      sync_status: 'pending',
      last_error: null,
      version: this.db.raw('version + 1') as unknown as number,
      updated_at: this.db.fn.now() as unknown as string,
    });
    const current = await this.binding(tenant, cluster);
    if (!current) {
      throw new NotFoundError(`tenant "${tenant}" has no binding on cluster "${cluster}"`);
    }
    if (updated === 0) {
      throw new ConflictError(
        `the quota of tenant "${tenant}" on cluster "${cluster}" changed (version ${current.version}, you sent ${expectedVersion}); reload and try again`,
      );
    }
    return current;
  }

  /** Records a sync outcome, unless the binding changed since `version` was read. */
  async recordSync(
    tenant: string,
    cluster: string,
    version: number,
    outcome: { ok: true } | { ok: false; error: string },
  ): Promise<boolean> {
    const updated = await this.db<BindingRow>(BINDINGS)
      .where({ tenant_name: tenant, cluster, version })
      .update(
        outcome.ok
          ? {
              sync_status: 'synced',
              last_error: null,
              last_synced_at: this.db.fn.now() as unknown as string,
            }
          : { sync_status: 'error', last_error: outcome.error },
      );
    return updated > 0;
  }

  /** Bindings the reconcile loop must (re-)apply. */
  async bindingsToSync(): Promise<Array<TenantBinding & { tenant: string }>> {
    const rows = await this.db<BindingRow>(BINDINGS)
      .whereIn('sync_status', ['pending', 'error'])
      .orderBy(['tenant_name', 'cluster']);
    return rows.map(row => ({ tenant: row.tenant_name, ...toBinding(row) }));
  }

  async delete(name: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      await tx(BINDINGS).where({ tenant_name: name }).delete();
      return (await tx(TENANTS).where({ name }).delete()) > 0;
    });
  }

  private async binding(tenant: string, cluster: string) {
    const row = await this.db<BindingRow>(BINDINGS)
      .where({ tenant_name: tenant, cluster })
      .first();
    return row ? toBinding(row) : undefined;
  }

  private async explainConflict(tenant: NewTenant): Promise<ConflictError> {
    if (await this.db(TENANTS).where({ name: tenant.name }).first()) {
      return new ConflictError(`tenant "${tenant.name}" already exists`);
    }
    for (const b of tenant.bindings) {
      const owner = await this.db<BindingRow>(BINDINGS)
        .where({ cluster: b.cluster, namespace: b.namespace })
        .first();
      if (owner) {
        return new ConflictError(
          `namespace "${b.namespace}" on cluster "${b.cluster}" already belongs to tenant "${owner.tenant_name}"`,
        );
      }
    }
    return new ConflictError(
      `tenant "${tenant.name}" lists the same cluster more than once`,
    );
  }

  private toTenant(row: TenantRow, bindings: BindingRow[]): Tenant {
    return {
      name: row.name,
      ownerRef: row.owner_ref,
      personal: Boolean(row.personal),
      createdBy: row.created_by,
      createdAt: toIso(row.created_at),
      bindings: bindings.map(toBinding),
    };
  }
}
