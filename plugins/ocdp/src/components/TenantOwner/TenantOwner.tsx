import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OcdpTenant } from '@ocdp/plugin-ocdp-common';

const WRAP = { wordBreak: 'break-word' } as const;

/**
 * A tenant's owner by display name (`spec.profile.displayName`, `metadata.title`, else the
 * name, as the catalog presents it), linking to its entity page.
 */
export const TenantOwner = (props: { owner: string }) => (
  <EntityRefLink entityRef={props.owner} style={WRAP} />
);

/** `Personal tenant of <Ben Okafor>` / `Team tenant of <Team Vision>`, the owner a link. */
export const TenantSubheader = (props: { tenant: OcdpTenant }) => (
  <span style={WRAP}>
    {props.tenant.personal ? 'Personal' : 'Team'} tenant of{' '}
    <TenantOwner owner={props.tenant.owner} />
  </span>
);
