import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  OcdpInstance,
  OcdpInstanceStatus,
  OcdpPrecheckReport,
} from '@ocdp/plugin-ocdp-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { isUniqueViolation } from '../database/uniqueViolation';
import {
  InstanceFilter,
  InstanceStore,
  InstanceValuesChange,
  NewInstance,
} from './InstanceStore';

const INSTANCES = 'ocdp_instances';

type InstanceRow = {
  id: string;
  tenant_name: string;
  cluster: string;
  namespace: string;
  release_name: string;
  owner_ref: string;
  chart: string;
  chart_version: string | null;
  profile: string | null;
  values: string;
  status: OcdpInstanceStatus;
  status_message: string | null;
  entity_ref: string | null;
  kubernetes_id: string | null;
  version: number;
  created_at: string | Date;
  updated_at: string | Date;
};

const COLUMNS = [
  'id',
  'tenant_name',
  'cluster',
  'namespace',
  'release_name',
  'owner_ref',
  'chart',
  'chart_version',
  'profile',
  'values',
  'status',
  'status_message',
  'entity_ref',
  'kubernetes_id',
  'version',
  'created_at',
  'updated_at',
];

function toInstance(row: InstanceRow): OcdpInstance {
  return {
    id: row.id,
    name: row.release_name,
    tenant: row.tenant_name,
    cluster: row.cluster,
    namespace: row.namespace,
    owner: row.owner_ref,
    chart: row.chart,
    ...(row.chart_version ? { chartVersion: row.chart_version } : {}),
    profile: row.profile ?? row.chart,
    values: JSON.parse(row.values),
    status: row.status,
    ...(row.status_message ? { statusMessage: row.status_message } : {}),
    entityRef: row.entity_ref ?? '',
    kubernetesId: row.kubernetes_id ?? '',
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    version: Number(row.version),
  };
}

/** Model instances in the plugin's database (SQLite or PostgreSQL). */
export class DatabaseInstanceStore implements InstanceStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseInstanceStore> {
    return new DatabaseInstanceStore(
      await applyDatabaseMigrations(options.database),
    );
  }

  constructor(private readonly db: Knex) {}

  async create(instance: NewInstance): Promise<OcdpInstance> {
    try {
      await this.db(INSTANCES).insert({
        id: instance.id,
        tenant_name: instance.tenant,
        cluster: instance.cluster,
        namespace: instance.namespace,
        release_name: instance.name,
        owner_ref: instance.owner,
        chart: instance.chart,
        chart_version: instance.chartVersion ?? null,
        profile: instance.profile,
        values: JSON.stringify(instance.values),
        footprint: null,
        status: instance.status,
        entity_ref: instance.entityRef,
        kubernetes_id: instance.kubernetesId,
        last_precheck: instance.lastPrecheck
          ? JSON.stringify(instance.lastPrecheck)
          : null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `release "${instance.name}" already exists in namespace "${instance.namespace}" on cluster "${instance.cluster}"`,
        );
      }
      throw error;
    }
    return (await this.get(instance.id))!;
  }

  async get(id: string): Promise<OcdpInstance | undefined> {
    const row: InstanceRow | undefined = await this.db(INSTANCES)
      .select(COLUMNS)
      .where({ id })
      .first();
    return row ? toInstance(row) : undefined;
  }

  async lastPrecheck(id: string): Promise<OcdpPrecheckReport | undefined> {
    const row = await this.db(INSTANCES)
      .select('last_precheck')
      .where({ id })
      .first();
    return row?.last_precheck ? JSON.parse(row.last_precheck) : undefined;
  }

  async list(filter: InstanceFilter = {}): Promise<OcdpInstance[]> {
    if (filter.tenants && filter.tenants.length === 0) return [];
    const query = this.db(INSTANCES)
      .select(COLUMNS)
      .orderBy(['tenant_name', 'release_name', 'cluster']);
    if (filter.tenants) query.whereIn('tenant_name', filter.tenants);
    if (filter.tenant) query.where('tenant_name', filter.tenant);
    if (filter.cluster) query.where('cluster', filter.cluster);
    if (filter.status) query.where('status', filter.status);
    const rows: InstanceRow[] = await query;
    return rows.map(toInstance);
  }

  async updateValues(
    id: string,
    change: InstanceValuesChange,
    expectedVersion?: number,
  ): Promise<OcdpInstance> {
    const query = this.db(INSTANCES).where({ id });
    if (expectedVersion !== undefined) {
      query.where('version', expectedVersion);
    }
    const updated = await query.update({
      values: JSON.stringify(change.values),
      ...(change.lastPrecheck
        ? { last_precheck: JSON.stringify(change.lastPrecheck) }
        : {}),
      version: this.db.raw('version + 1'),
      updated_at: this.db.fn.now(),
    });
    if (updated === 0) {
      const current = await this.get(id);
      if (!current) throw new NotFoundError(`instance "${id}" does not exist`);
      throw new ConflictError(
        `instance "${current.name}" changed since version ${expectedVersion} (now ${current.version}); reload it and try again`,
      );
    }
    return (await this.get(id))!;
  }

  async setStatus(
    id: string,
    status: OcdpInstanceStatus,
    message?: string,
  ): Promise<boolean> {
    const updated = await this.db(INSTANCES)
      .where({ id })
      .update({
        status,
        status_message: message ?? null,
        updated_at: this.db.fn.now(),
      });
    return updated > 0;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db(INSTANCES).where({ id }).delete()) > 0;
  }
}
