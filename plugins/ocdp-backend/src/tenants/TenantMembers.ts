import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_HAS_MEMBER,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The user entity refs a tenant owner stands for: the user itself, or a group's members. */
export type MembersLookup = (owner: string) => string[];

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function directMembers(group: Entity): string[] {
  return (group.relations ?? [])
    .filter(r => r.type === RELATION_HAS_MEMBER)
    .map(r => lower(r.targetRef))
    .filter(ref => ref.startsWith('user:'))
    .sort();
}

/** Who a tenant owner stands for. */
export interface TenantMembersSource {
  /** Every group's members in one read, for a reconcile pass. */
  lookup(): Promise<MembersLookup>;
  /** One owner's members. */
  of(owner: string): Promise<string[]>;
}

/**
 * Resolves tenant members from the catalog. When the catalog cannot be read, groups resolve to
 * no individual members (the RoleBinding still names the group) and the failure is logged once.
 */
export class TenantMembers implements TenantMembersSource {
  private catalogFailing = false;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly logger: LoggerService,
  ) {}

  /** Every group's members in one catalog read, for a reconcile pass. */
  async lookup(): Promise<MembersLookup> {
    const byGroup = new Map<string, string[]>();
    await this.fromCatalog(async credentials => {
      const { items } = await this.catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
        },
        { credentials },
      );
      for (const group of items) {
        byGroup.set(lower(stringifyEntityRef(group)), directMembers(group));
      }
    });
    return owner =>
      lower(owner).startsWith('user:')
        ? [lower(owner)]
        : byGroup.get(lower(owner)) ?? [];
  }

  /** The members of one owner. */
  async of(owner: string): Promise<string[]> {
    if (lower(owner).startsWith('user:')) return [lower(owner)];
    let members: string[] = [];
    await this.fromCatalog(async credentials => {
      const group = await this.catalog.getEntityByRef(owner, { credentials });
      members = group ? directMembers(group) : [];
    });
    return members;
  }

  private async fromCatalog(
    read: (
      credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
    ) => Promise<void>,
  ) {
    try {
      await read(await this.auth.getOwnServiceCredentials());
      this.catalogFailing = false;
    } catch (error) {
      if (!this.catalogFailing) {
        this.logger.warn(
          `cannot read tenant members from the catalog, binding groups only: ${error}`,
        );
      }
      this.catalogFailing = true;
    }
  }
}
