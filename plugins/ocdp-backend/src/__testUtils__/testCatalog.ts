import { Entity } from '@backstage/catalog-model';

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});

const group = (name: string, members: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: members.map(m => ({
    type: 'hasMember',
    targetRef: `user:default/${m}`,
  })),
});

/** A component whose pods carry `backstage.io/kubernetes-id: vision-train`. */
const visionTrainer: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'vision-train',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'vision-train' },
  },
  spec: { type: 'service', owner: 'group:default/team-vision' },
};

/** The test org: ben and dan in team-vision, cleo and dan in team-nlp; one component. */
export const TEST_CATALOG_ENTITIES: Entity[] = [
  user('ada'),
  user('ben'),
  user('cleo'),
  user('dan'),
  group('team-vision', ['ben', 'dan']),
  group('team-nlp', ['cleo', 'dan']),
  visionTrainer,
];
