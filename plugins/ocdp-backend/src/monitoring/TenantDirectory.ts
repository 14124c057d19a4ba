import { Knex } from 'knex';
import { TenantStore } from '../tenants/TenantStore';

/** The tenant that binds a namespace on a cluster. */
export interface NamespaceTenant {
  tenant: string;
  owner: string;
}

/** Who a cluster's namespaces and Helm releases belong to. */
export interface ClusterDirectory {
  tenantOf(namespace: string): NamespaceTenant | undefined;
  /** The owner of the model instance a release is, when OCDP deployed it. */
  instanceOwner(namespace: string, release: string): string | undefined;
  namespacesOf(allows: (tenant: NamespaceTenant) => boolean): string[];
}

/** Reads the instances OCDP recorded: release → owner. */
export type InstanceOwnerReader = (
  cluster: string,
) => Promise<Array<{ namespace: string; release: string; owner: string }>>;

/** Instance owners from the `ocdp_instances` table. */
export function databaseInstanceOwners(db: Knex): InstanceOwnerReader {
  return async cluster =>
    (
      await db('ocdp_instances')
        .where({ cluster })
        .select('namespace', 'release_name', 'owner_ref')
    ).map(row => ({
      namespace: row.namespace,
      release: row.release_name,
      owner: row.owner_ref,
    }));
}

/**
 * Namespace → tenant → owner, and release → instance owner, per cluster, from the database (the
 * source of truth, shared by every replica). Re-read at most every `ttlMs`, so a monitoring page
 * costs no query per request and a new tenant shows within that time.
 */
export class TenantDirectory {
  private readonly loaded = new Map<
    string,
    { at: number; directory: Promise<ClusterDirectory> }
  >();

  constructor(
    private readonly options: {
      store: Pick<TenantStore, 'activeBindings'>;
      instanceOwners?: InstanceOwnerReader;
      ttlMs?: number;
    },
  ) {}

  forCluster(cluster: string): Promise<ClusterDirectory> {
    const ttl = this.options.ttlMs ?? 10_000;
    const hit = this.loaded.get(cluster);
    if (hit && Date.now() - hit.at < ttl) return hit.directory;
    const directory = this.load(cluster);
    this.loaded.set(cluster, { at: Date.now(), directory });
    directory.catch(() => this.loaded.delete(cluster));
    return directory;
  }

  private async load(cluster: string): Promise<ClusterDirectory> {
    const [bindings, instances] = await Promise.all([
      this.options.store.activeBindings({ cluster }),
      this.options.instanceOwners?.(cluster) ?? [],
    ]);
    const tenants = new Map<string, NamespaceTenant>();
    for (const b of bindings) {
      tenants.set(b.namespace, { tenant: b.tenant, owner: b.owner });
    }
    const owners = new Map<string, string>();
    for (const i of instances)
      owners.set(`${i.namespace}/${i.release}`, i.owner);
    return {
      tenantOf: namespace => tenants.get(namespace),
      instanceOwner: (namespace, release) =>
        release ? owners.get(`${namespace}/${release}`) : undefined,
      namespacesOf: allows =>
        [...tenants.entries()].filter(([, t]) => allows(t)).map(([ns]) => ns),
    };
  }
}
