import { GPU_KEYS } from '../../../__testUtils__/fixtures';
import {
  emptyCreateTenantForm,
  ownerRefOf,
  toCreateTenantRequest,
  withFirstCluster,
} from './createTenantForm';

const team = {
  ref: 'group:default/team-nlp',
  kind: 'Group' as const,
  name: 'team-nlp',
  displayName: 'NLP team',
};

describe('ownerRefOf', () => {
  it('is the picked owner, whatever the text says', () => {
    expect(ownerRefOf({ picked: team, text: 'NLP team' })).toBe(
      'group:default/team-nlp',
    );
  });

  it('accepts a full user or group ref pasted without picking', () => {
    expect(ownerRefOf({ text: ' Group:default/team-nlp ' })).toBe(
      'group:default/team-nlp',
    );
    expect(ownerRefOf({ text: 'user:ben' })).toBe('user:default/ben');
  });

  it('refuses names without a kind and other kinds', () => {
    expect(ownerRefOf({ text: 'team-nlp' })).toBeUndefined();
    expect(ownerRefOf({ text: 'component:default/api' })).toBeUndefined();
    expect(ownerRefOf({ text: '' })).toBeUndefined();
  });
});

describe('toCreateTenantRequest', () => {
  it('sends the picked owner', () => {
    const form = withFirstCluster(
      { ...emptyCreateTenantForm(), name: 'team-nlp' },
      'demo',
    );
    form.owner = { picked: team, text: 'NLP team' };
    expect(toCreateTenantRequest(form, GPU_KEYS).request).toMatchObject({
      name: 'team-nlp',
      owner: 'group:default/team-nlp',
      bindings: [{ cluster: 'demo' }],
    });
  });

  it('asks to pick an owner', () => {
    const form = withFirstCluster(
      { ...emptyCreateTenantForm(), name: 'team-nlp' },
      'demo',
    );
    form.owner = { text: 'NLP' };
    expect(toCreateTenantRequest(form, GPU_KEYS).errors?.owner).toBe(
      'owner: enter a user or group and pick it from the list',
    );
  });

  it('refuses the same cluster twice and an empty cluster list', () => {
    const form = withFirstCluster(emptyCreateTenantForm(), 'demo');
    form.name = 'team-nlp';
    form.owner = { picked: team, text: '' };
    form.bindings = [...form.bindings, { ...form.bindings[0] }];
    const errors = toCreateTenantRequest(form, GPU_KEYS).errors;
    expect(errors?.bindings[1].cluster).toBe('This cluster is already listed');
    expect(
      toCreateTenantRequest({ ...form, bindings: [] }, GPU_KEYS).errors
        ?.clusters,
    ).toBe('Add at least one cluster');
  });
});

describe('withFirstCluster', () => {
  it('fills only a single binding without a cluster', () => {
    const empty = emptyCreateTenantForm();
    expect(withFirstCluster(empty, 'demo').bindings[0].cluster).toBe('demo');
    const chosen = withFirstCluster(empty, 'lab');
    expect(withFirstCluster(chosen, 'demo')).toBe(chosen);
  });
});
