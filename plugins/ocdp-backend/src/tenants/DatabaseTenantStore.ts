import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { isUniqueViolation } from '../database/uniqueViolation';
import {
  ActiveBinding,
  TenantPage,
  TenantPageQuery,
  TenantStore,
} from './TenantStore';
import {
  NewTenant,
  QuotaSpec,
  SyncStatus,
  Tenant,
  TenantBinding,
  TenantListFilter,
} from './types';

const TENANTS = 'ocdp_tenants';
const BINDINGS = 'ocdp_tenant_bindings';
const INSTANCES = 'ocdp_instances';

type TenantRow = {
  name: string;
  owner_ref: string;
  personal: boolean | number;
  created_by: string;
  created_at: string | Date;
  deleting_since?: string | Date | null;
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

function groupByTenant(rows: BindingRow[]): Map<string, BindingRow[]> {
  const byTenant = new Map<string, BindingRow[]>();
  for (const row of rows) {
    const list = byTenant.get(row.tenant_name) ?? [];
    list.push(row);
    byTenant.set(row.tenant_name, list);
  }
  return byTenant;
}

function encodeCursor(lastName: string): string {
  return Buffer.from(JSON.stringify({ after: lastName })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (typeof after === 'string') return after;
  } catch {
    // reported below
  }
  throw new InputError('cursor: not a cursor this API returned');
}

function likePattern(text: string): string {
  return `%${text
    .toLocaleLowerCase('en-US')
    .replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/** Tenants and their cluster bindings in the plugin's database, the source of truth for quotas. */
export class DatabaseTenantStore implements TenantStore {
  /** Applies the plugin's migrations (unless the database service skips them) and opens the store. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseTenantStore> {
    return new DatabaseTenantStore(
      await applyDatabaseMigrations(options.database),
    );
  }

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

  /** A tenant, unless it does not exist or is being deleted. */
  async get(name: string): Promise<Tenant | undefined> {
    const row = await this.db<TenantRow>(TENANTS)
      .where({ name })
      .whereNull('deleting_since')
      .first();
    if (!row) return undefined;
    const bindings = await this.db<BindingRow>(BINDINGS)
      .where({ tenant_name: name })
      .orderBy('cluster');
    return this.toTenant(row, bindings);
  }

  /**
   * Tenants not being deleted, by name; `ownerIn` keeps those owned by one of the given entity
   * refs (compared case-insensitively, as entity refs are).
   */
  async list(filter: TenantListFilter = {}): Promise<Tenant[]> {
    const owners = filter.ownerIn?.map(o => o.toLocaleLowerCase('en-US'));
    if (owners && owners.length === 0) return [];
    const tenants = this.db<TenantRow>(TENANTS).whereNull('deleting_since');
    if (owners) tenants.whereIn(this.db.raw('lower(owner_ref)') as any, owners);
    const bindings = this.db<BindingRow>(BINDINGS)
      .whereIn('tenant_name', tenants.clone().select('name'))
      .orderBy(['tenant_name', 'cluster']);
    const [rows, bindingRows] = await Promise.all([
      tenants.orderBy('name'),
      bindings,
    ]);
    const byTenant = groupByTenant(bindingRows);
    return rows.map(row => this.toTenant(row, byTenant.get(row.name) ?? []));
  }

  /** One page of tenants by name, with the total that match the filters. */
  async page(query: TenantPageQuery): Promise<TenantPage> {
    const owners = query.ownerIn?.map(o => o.toLocaleLowerCase('en-US'));
    if (owners && owners.length === 0) return { items: [], totalCount: 0 };
    const matching = this.db<TenantRow>(TENANTS).whereNull('deleting_since');
    if (owners) {
      matching.whereIn(this.db.raw('lower(owner_ref)') as any, owners);
    }
    if (query.owner) {
      matching.where(
        this.db.raw('lower(owner_ref)') as any,
        query.owner.toLocaleLowerCase('en-US'),
      );
    }
    if (query.q) {
      const pattern = likePattern(query.q);
      matching.where(inner =>
        inner
          .whereRaw(`lower(name) like ? escape '\\'`, [pattern])
          .orWhereRaw(`lower(owner_ref) like ? escape '\\'`, [pattern]),
      );
    }
    if (query.cluster) {
      matching.whereExists(
        this.db(BINDINGS)
          .whereRaw(`${BINDINGS}.tenant_name = ${TENANTS}.name`)
          .andWhere(`${BINDINGS}.cluster`, query.cluster),
      );
    }
    const pageRows = matching
      .clone()
      .orderBy('name')
      .limit(query.limit + 1);
    if (query.cursor) pageRows.where('name', '>', decodeCursor(query.cursor));
    const [rows, [{ count }]] = await Promise.all([
      pageRows,
      matching.clone().count({ count: '*' }),
    ]);
    const more = rows.length > query.limit;
    const items = rows.slice(0, query.limit);
    const bindingRows = items.length
      ? await this.db<BindingRow>(BINDINGS)
          .whereIn(
            'tenant_name',
            items.map(r => r.name),
          )
          .orderBy(['tenant_name', 'cluster'])
      : [];
    const byTenant = groupByTenant(bindingRows);
    return {
      items: items.map(row => this.toTenant(row, byTenant.get(row.name) ?? [])),
      totalCount: Number(count),
      ...(more
        ? { nextCursor: encodeCursor(items[items.length - 1].name) }
        : {}),
    };
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
    if (expectedVersion !== undefined)
      query.andWhere({ version: expectedVersion });
    const updated = await query.update({
      quota: JSON.stringify(quota),
      sync_status: 'pending',
      last_error: null,
      version: this.db.raw('version + 1') as unknown as number,
      updated_at: this.db.fn.now() as unknown as string,
    });
    const current = await this.binding(tenant, cluster);
    if (!current) {
      throw new NotFoundError(
        `tenant "${tenant}" has no binding on cluster "${cluster}"`,
      );
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

  /**
   * Bindings of tenants not being deleted, with their tenant's owner: what the reconcile loop
   * compares with the clusters. `onlyUnsynced` keeps `pending` and `error` ones; `tenant` and
   * `cluster` narrow the result.
   */
  async activeBindings(
    options: { onlyUnsynced?: boolean; tenant?: string; cluster?: string } = {},
  ): Promise<ActiveBinding[]> {
    const query = this.db<BindingRow & { owner_ref: string }>(
      `${BINDINGS} as b`,
    )
      .join(`${TENANTS} as t`, 't.name', 'b.tenant_name')
      .whereNull('t.deleting_since')
      .select('b.*', 't.owner_ref')
      .orderBy(['b.tenant_name', 'b.cluster']);
    if (options.onlyUnsynced)
      query.whereIn('b.sync_status', ['pending', 'error']);
    if (options.tenant) query.where('b.tenant_name', options.tenant);
    if (options.cluster) query.where('b.cluster', options.cluster);
    const rows = await query;
    return rows.map(row => ({
      tenant: row.tenant_name,
      owner: row.owner_ref,
      ...toBinding(row),
    }));
  }

  /**
   * Adds a binding on a cluster the tenant has none on yet; 409 when the namespace on that
   * cluster belongs to another tenant or the binding exists.
   */
  async addBinding(
    tenant: string,
    binding: { cluster: string; namespace: string; quota: QuotaSpec },
  ): Promise<TenantBinding> {
    try {
      await this.db(BINDINGS).insert({
        tenant_name: tenant,
        cluster: binding.cluster,
        namespace: binding.namespace,
        quota: JSON.stringify(binding.quota),
        sync_status: 'pending',
        version: 1,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw await this.explainConflict({
          name: '',
          ownerRef: '',
          createdBy: '',
          bindings: [binding],
        });
      }
      throw error;
    }
    return (await this.binding(tenant, binding.cluster))!;
  }

  async countInstances(tenant: string): Promise<number> {
    const [{ count }] = await this.db(INSTANCES)
      .where({ tenant_name: tenant })
      .count({ count: '*' });
    return Number(count);
  }

  /**
   * Starts deleting a tenant: it disappears from reads at once, and its bindings stay until their
   * cluster objects are removed (`removeBinding`, `finishDeletion`). 409 while it owns model
   * instances; false when there is no such tenant.
   */
  async markDeleting(name: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const row = await tx<TenantRow>(TENANTS)
        .where({ name })
        .forUpdate()
        .first();
      if (!row) return false;
      const [{ count }] = await tx(INSTANCES)
        .where({ tenant_name: name })
        .count({ count: '*' });
      if (Number(count) > 0) {
        throw new ConflictError(
          `tenant "${name}" still owns ${count} model instance(s); delete them first`,
        );
      }
      if (!row.deleting_since) {
        await tx(TENANTS)
          .where({ name })
          .update({ deleting_since: this.db.fn.now() });
      }
      return true;
    });
  }

  /** Tenants whose deletion started and whose bindings are not all cleaned up. */
  async tenantsBeingDeleted(): Promise<Tenant[]> {
    const rows = await this.db<TenantRow>(TENANTS)
      .whereNotNull('deleting_since')
      .orderBy('name');
    const bindings = await this.db<BindingRow>(BINDINGS)
      .whereIn(
        'tenant_name',
        rows.map(r => r.name),
      )
      .orderBy(['tenant_name', 'cluster']);
    const byTenant = groupByTenant(bindings);
    return rows.map(row => this.toTenant(row, byTenant.get(row.name) ?? []));
  }

  async removeBinding(tenant: string, cluster: string): Promise<void> {
    await this.db(BINDINGS).where({ tenant_name: tenant, cluster }).delete();
  }

  /** Records why a binding's cleanup failed; it is retried by the reconcile loop. */
  async recordCleanupError(
    tenant: string,
    cluster: string,
    error: string,
  ): Promise<void> {
    await this.db(BINDINGS)
      .where({ tenant_name: tenant, cluster })
      .update({ sync_status: 'error', last_error: error });
  }

  /** Deletes a tenant being deleted once no binding is left; true when it is gone. */
  async finishDeletion(name: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const left = await tx(BINDINGS).where({ tenant_name: name }).first();
      if (left) return false;
      await tx(TENANTS).where({ name }).whereNotNull('deleting_since').delete();
      return true;
    });
  }

  private async binding(tenant: string, cluster: string) {
    const row = await this.db<BindingRow>(BINDINGS)
      .where({ tenant_name: tenant, cluster })
      .first();
    return row ? toBinding(row) : undefined;
  }

  private async explainConflict(tenant: NewTenant): Promise<ConflictError> {
    const existing = await this.db<TenantRow>(TENANTS)
      .where({ name: tenant.name })
      .first();
    if (existing?.deleting_since) {
      return new ConflictError(
        `tenant "${tenant.name}" is being deleted; try again once its cluster cleanup is done`,
      );
    }
    if (existing) {
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
