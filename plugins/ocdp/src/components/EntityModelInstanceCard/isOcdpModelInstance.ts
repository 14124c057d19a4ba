import { Entity } from '@backstage/catalog-model';

/** Whether an entity is a model instance published by OCDP (for `EntitySwitch`). @public */
export const isOcdpModelInstance = (entity: Entity): boolean =>
  entity.kind.toLocaleLowerCase('en-US') === 'component' &&
  entity.spec?.type === 'model-instance' &&
  Boolean(entity.metadata.annotations?.['ocdp.io/instance-id']);
