import { isTenantMember, ownersAllowedBy } from './rules';

const tenant = (owner: string) => ({
  name: 't',
  owner,
  personal: false,
  createdBy: 'user:default/ada',
  createdAt: '2026-11-21T00:00:00.000Z',
  bindings: [],
});

describe('IS_TENANT_MEMBER', () => {
  it('matches tenants owned by one of the claims, case-insensitively', () => {
    const claims = ['user:default/ben', 'group:default/team-vision'];
    expect(
      isTenantMember.apply(tenant('Group:default/Team-Vision'), { claims }),
    ).toBe(true);
    expect(
      isTenantMember.apply(tenant('group:default/team-nlp'), { claims }),
    ).toBe(false);
    expect(isTenantMember.toQuery({ claims })).toEqual({ ownerIn: claims });
  });

  it('validates its params', () => {
    const schema = (isTenantMember as any).paramsSchema['~standard'];
    expect(schema.validate({ claims: ['a'] })).toEqual({
      value: { claims: ['a'] },
    });
    expect(schema.validate({ claims: 'a' }).issues).toHaveLength(1);
    expect(schema.jsonSchema.input({ target: 'draft-07' })).toMatchObject({
      required: ['claims'],
    });
  });
});

describe('ownersAllowedBy', () => {
  it('turns criteria into an owner filter where it can', () => {
    expect(ownersAllowedBy({ ownerIn: ['User:default/Ben'] })).toEqual([
      'user:default/ben',
    ]);
    expect(
      ownersAllowedBy({ anyOf: [{ ownerIn: ['a'] }, { ownerIn: ['b', 'a'] }] }),
    ).toEqual(['a', 'b']);
    expect(
      ownersAllowedBy({ allOf: [{ ownerIn: ['a', 'b'] }, { ownerIn: ['b'] }] }),
    ).toEqual(['b']);
    expect(ownersAllowedBy({ not: { ownerIn: ['a'] } })).toBeUndefined();
    expect(
      ownersAllowedBy({
        anyOf: [{ ownerIn: ['a'] }, { not: { ownerIn: ['b'] } }],
      }),
    ).toBeUndefined();
  });
});
