import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';

type OwnerQuery = NonNullable<Parameters<CatalogApi['queryEntities']>[0]>;

/** A catalog user or group a tenant may belong to, as the owner picker shows it. */
export interface OwnerOption {
  /** `user:default/ben`, `group:default/team-vision`. */
  ref: string;
  kind: 'User' | 'Group';
  name: string;
  /** `spec.profile.displayName`, else `metadata.title`, else the name. */
  displayName: string;
}

/** The only entity fields the picker reads: what it shows, and what makes the ref. */
export const OWNER_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
];

/** Fields the typed text is matched against. */
const SEARCHED_FIELDS = [
  'metadata.name',
  'metadata.title',
  'spec.profile.displayName',
];

/** How many owners the picker lists at most. */
export const OWNER_OPTION_LIMIT = 20;

/** The catalog query for owners matching `term`: users and groups, by name, few fields. */
export function ownerQuery(term: string): OwnerQuery {
  const trimmed = term.trim();
  return {
    filter: { kind: ['User', 'Group'] },
    ...(trimmed
      ? { fullTextFilter: { term: trimmed, fields: SEARCHED_FIELDS } }
      : {}),
    fields: OWNER_FIELDS,
    orderFields: { field: 'metadata.name', order: 'asc' },
    limit: OWNER_OPTION_LIMIT,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** The option of a User or Group entity (with at least `OWNER_FIELDS`). */
export function ownerOptionFromEntity(entity: Entity): OwnerOption {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  return {
    ref: stringifyEntityRef(entity),
    kind: entity.kind.toLocaleLowerCase('en-US') === 'group' ? 'Group' : 'User',
    name: entity.metadata.name,
    displayName:
      text(profile?.displayName) ??
      text(entity.metadata.title) ??
      entity.metadata.name,
  };
}
