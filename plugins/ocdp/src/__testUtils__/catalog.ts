import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogApi,
  EntityPresentationApi,
} from '@backstage/plugin-catalog-react';
import { ownerOptionFromEntity } from '../components/OwnerPicker/ownerOption';

const catalogEntity = (
  kind: string,
  name: string,
  extra: { title?: string; displayName?: string } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    ...(extra.title ? { title: extra.title } : {}),
  },
  spec: extra.displayName
    ? { profile: { displayName: extra.displayName } }
    : {},
});

/** Catalog users and groups the owner picker can find, plus a component it must not. */
export const catalogOwners: Entity[] = [
  catalogEntity('User', 'ben', { displayName: 'Ben Okafor' }),
  catalogEntity('User', 'ada', { displayName: 'Ada Lovelace' }),
  catalogEntity('Group', 'team-vision', { title: 'Team Vision' }),
  catalogEntity('Group', 'team-nlp', { displayName: 'NLP team' }),
  catalogEntity('Component', 'vision-api', { title: 'Vision API' }),
];

function fieldValue(entity: Entity, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (found, part) =>
        found && typeof found === 'object'
          ? (found as Record<string, unknown>)[part]
          : undefined,
      entity,
    );
}

type QueryRequest = {
  filter?: { kind?: string | string[] };
  fullTextFilter?: { term: string; fields?: string[] };
  limit?: number;
};

/**
 * A catalog API over `entities` that answers `queryEntities` like the catalog does for the
 * owner picker: kind filter, case-insensitive full-text filter on the given fields, order by
 * name, limit. Calls are recorded on the jest mock.
 */
export function fakeCatalogApi(entities: Entity[] = catalogOwners) {
  const queryEntities = jest.fn(async (request?: QueryRequest) => {
    const kinds = [request?.filter?.kind ?? []]
      .flat()
      .map(kind => kind.toLocaleLowerCase('en-US'));
    const term = request?.fullTextFilter?.term.toLocaleLowerCase('en-US');
    const fields = request?.fullTextFilter?.fields ?? ['metadata.name'];
    const items = entities
      .filter(
        e =>
          kinds.length === 0 ||
          kinds.includes(e.kind.toLocaleLowerCase('en-US')),
      )
      .filter(
        e =>
          !term ||
          fields.some(field =>
            String(fieldValue(e, field) ?? '')
              .toLocaleLowerCase('en-US')
              .includes(term),
          ),
      )
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
      .slice(0, request?.limit ?? entities.length);
    return { items, totalItems: items.length, pageInfo: {} };
  });
  return { queryEntities } as unknown as CatalogApi & {
    queryEntities: typeof queryEntities;
  };
}

/**
 * An entity presentation API that names the entities of `entities` as the catalog's does
 * (profile display name, else title, else name), and any other ref by itself.
 */
export function fakeEntityPresentationApi(
  entities: Entity[] = catalogOwners,
): EntityPresentationApi {
  return {
    forEntity(entityOrRef) {
      const ref =
        typeof entityOrRef === 'string'
          ? entityOrRef
          : stringifyEntityRef(entityOrRef);
      const found = entities.find(e => stringifyEntityRef(e) === ref);
      const snapshot = {
        entityRef: ref,
        primaryTitle: found ? ownerOptionFromEntity(found).displayName : ref,
        secondaryTitle: ref,
      };
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}
