import { mockApis } from '@backstage/test-utils';

type AuthorizeOption = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;
type Decision = Exclude<AuthorizeOption, Function>;

/** A permission API that allows everything: an OCDP admin. */
export const allowAllPermissions = () =>
  mockApis.permission({ authorize: 'ALLOW' as Decision });

/** A permission API that denies everything: an ordinary user. */
export const denyAllPermissions = () =>
  mockApis.permission({ authorize: 'DENY' as Decision });

/** A permission API that allows everything except the named permissions. */
export const allowAllExcept = (...denied: string[]) =>
  mockApis.permission({
    authorize: request =>
      (denied.includes(request.permission.name) ? 'DENY' : 'ALLOW') as Decision,
  });
