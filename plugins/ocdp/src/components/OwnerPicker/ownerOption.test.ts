import { ownerOptionFromEntity, ownerQuery } from './ownerOption';

describe('ownerOptionFromEntity', () => {
  it('prefers the profile display name, then the title, then the name', () => {
    expect(
      ownerOptionFromEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'ben', namespace: 'default', title: 'B.' },
        spec: { profile: { displayName: 'Ben Okafor' } },
      }),
    ).toEqual({
      ref: 'user:default/ben',
      kind: 'User',
      name: 'ben',
      displayName: 'Ben Okafor',
    });
    expect(
      ownerOptionFromEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-vision', title: 'Team Vision' },
        spec: {},
      }),
    ).toEqual({
      ref: 'group:default/team-vision',
      kind: 'Group',
      name: 'team-vision',
      displayName: 'Team Vision',
    });
    expect(
      ownerOptionFromEntity({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'ops', namespace: 'infra' },
        spec: { profile: { displayName: ' ' } },
      }).displayName,
    ).toBe('ops');
  });
});

describe('ownerQuery', () => {
  it('asks for users and groups matching the text, with only the shown fields', () => {
    expect(ownerQuery(' vis ')).toEqual({
      filter: { kind: ['User', 'Group'] },
      fullTextFilter: {
        term: 'vis',
        fields: ['metadata.name', 'metadata.title', 'spec.profile.displayName'],
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: 20,
    });
  });

  it('lists the first owners when nothing is typed', () => {
    expect(ownerQuery('  ')).not.toHaveProperty('fullTextFilter');
  });
});
