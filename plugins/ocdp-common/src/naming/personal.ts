import { OcdpInputError } from '../errors';
import { DNS_LABEL_MAX_LENGTH } from './dnsLabel';
import { SHORT_HASH_LENGTH, shortStableHash } from './hash';

/** Default prefix of personal namespaces (`ocdp.personalNamespacePrefix`). @public */
export const DEFAULT_PERSONAL_NAMESPACE_PREFIX = 'ocdp-u-';

/** Default prefix of personal tenant names. @public */
export const DEFAULT_PERSONAL_TENANT_PREFIX = 'u-';

const PREFIX_PATTERN = /^([a-z0-9][-a-z0-9]*)?$/;

type UserRef = { namespace: string; name: string };

/** Splits `[kind:][namespace/]name` the way Backstage does; the kind must be `user`. */
function parseUserRef(ref: unknown, field: string): UserRef {
  if (typeof ref !== 'string' || !ref.trim()) {
    throw new OcdpInputError(field, 'a user entity ref is required');
  }
  let rest = ref.trim();
  let kind = 'user';
  let namespace = 'default';
  const colon = rest.indexOf(':');
  const slash = rest.indexOf('/');
  if (colon !== -1 && (slash === -1 || colon < slash)) {
    kind = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
  }
  const nsSlash = rest.indexOf('/');
  if (nsSlash !== -1) {
    namespace = rest.slice(0, nsSlash);
    rest = rest.slice(nsSlash + 1);
  }
  if (kind.toLowerCase() !== 'user') {
    throw new OcdpInputError(
      field,
      `${JSON.stringify(ref)} is not a user entity ref (kind must be "user")`,
    );
  }
  if (!namespace || !rest) {
    throw new OcdpInputError(
      field,
      `${JSON.stringify(ref)} is not a valid entity ref`,
    );
  }
  return { namespace: namespace.toLowerCase(), name: rest };
}

/**
 * The DNS label `prefix + <user name>`, derived as documented on `personalNamespaceFor`.
 */
function deriveLabel(
  userEntityRef: string,
  prefix: string,
  field: string,
): string {
  const suffixRoom = SHORT_HASH_LENGTH + 1;
  if (
    typeof prefix !== 'string' ||
    !PREFIX_PATTERN.test(prefix) ||
    prefix.length > DNS_LABEL_MAX_LENGTH - suffixRoom
  ) {
    throw new OcdpInputError(
      'prefix',
      `${JSON.stringify(
        prefix,
      )} must be empty or start with a lowercase letter or digit, ` +
        `contain only lowercase letters, digits and "-", and be at most ${
          DNS_LABEL_MAX_LENGTH - suffixRoom
        } characters`,
    );
  }
  const { namespace, name } = parseUserRef(userEntityRef, field);

  // The conventional, collision-free-modulo-separators mapping: case folded, "." and "_" as "-".
  const conventional = name.toLowerCase().replace(/[._]/g, '-');
  const sanitized = conventional
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  const lossy = sanitized !== conventional || namespace !== 'default';
  const plain = prefix + sanitized;
  if (!lossy && plain.length <= DNS_LABEL_MAX_LENGTH) {
    return plain;
  }

  const hash = shortStableHash(`user:${namespace}/${name.toLowerCase()}`);
  const room = DNS_LABEL_MAX_LENGTH - prefix.length - suffixRoom;
  const base = sanitized.slice(0, room).replace(/-+$/, '');
  if (base) {
    return `${prefix}${base}-${hash}`;
  }
  return prefix === '' || prefix.endsWith('-')
    ? `${prefix}${hash}`
    : `${prefix}-${hash}`;
}

/**
 * The personal namespace of a user: `user:default/Jane.Doe` → `ocdp-u-jane-doe`.
 *
 * Derivation: the name part of the entity ref is lowercased and `.` / `_` become `-`; that is
 * the namespace when it is already a valid DNS label after the prefix. Otherwise — any other
 * character mapped to `-`, repeated `-` collapsed, leading/trailing `-` trimmed, the result
 * longer than 63 characters, or the user not in the `default` entity namespace — the name is
 * cut to fit and `-<hash>` is appended, an 8-character stable hash of the full lowercased entity
 * ref, so two different users do not collide. Entity refs are case-insensitive in Backstage, so
 * `Jane.Doe` and `jane.doe` are the same user and share a namespace. The one accepted ambiguity
 * is the separator spelling: `jane.doe`, `jane_doe` and `jane-doe` all map to `ocdp-u-jane-doe`;
 * callers must still check ownership of an existing namespace (a namespace that is not ours is
 * a 409 conflict, never adopted).
 *
 * The result is always a valid DNS-1123 label of at most 63 characters.
 *
 * @param userEntityRef - `user:<namespace>/<name>`; the kind and namespace may be omitted
 * @param prefix - `ocdp-u-` by default: empty, or lowercase letters, digits and `-` starting
 *   with a letter or digit, at most 54 characters
 * @throws OcdpInputError when the ref is not a user ref, or the prefix is invalid
 * @public
 */
export function personalNamespaceFor(
  userEntityRef: string,
  prefix: string = DEFAULT_PERSONAL_NAMESPACE_PREFIX,
): string {
  return deriveLabel(userEntityRef, prefix, 'userEntityRef');
}

/**
 * The name of a user's personal tenant: `user:default/Jane.Doe` → `u-jane-doe`, derived exactly
 * like `personalNamespaceFor` (same collision rules) with a different default prefix.
 *
 * @throws OcdpInputError when the ref is not a user ref, or the prefix is invalid
 * @public
 */
export function personalTenantNameFor(
  userEntityRef: string,
  prefix: string = DEFAULT_PERSONAL_TENANT_PREFIX,
): string {
  return deriveLabel(userEntityRef, prefix, 'userEntityRef');
}
