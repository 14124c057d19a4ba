/**
 * ServiceAccount tokens of the SIMULATED API server: HMAC-SHA256 JWTs shaped like the real
 * bound service account tokens (`iss`, `aud`, `sub: system:serviceaccount:<ns>:<name>`,
 * `kubernetes.io.serviceaccount.uid`, `exp`), signed with a key made at start.
 */
import crypto from 'crypto';

export const TOKEN_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface ServiceAccountClaims {
  iss: string;
  aud: string[];
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
    secret?: { name: string; uid: string };
  };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export class TokenIssuer {
  private readonly key: Buffer;
  readonly keyId: string;

  constructor(key: Buffer = crypto.randomBytes(32)) {
    this.key = key;
    this.keyId = crypto
      .createHash('sha256')
      .update(key)
      .digest('base64url')
      .slice(0, 43);
  }

  sign(claims: ServiceAccountClaims): string {
    const head = b64url(
      JSON.stringify({ alg: 'HS256', kid: this.keyId, typ: 'JWT' }),
    );
    const body = b64url(JSON.stringify(claims));
    const sig = crypto
      .createHmac('sha256', this.key)
      .update(`${head}.${body}`)
      .digest('base64url');
    return `${head}.${body}.${sig}`;
  }

  /** The claims of a token this issuer signed, or why it is not valid. */
  verify(
    token: string,
    nowMs = Date.now(),
  ): { claims: ServiceAccountClaims } | { error: string } {
    const parts = token.split('.');
    if (parts.length !== 3) return { error: 'not a JWT' };
    const expected = crypto
      .createHmac('sha256', this.key)
      .update(`${parts[0]}.${parts[1]}`)
      .digest();
    const got = Buffer.from(parts[2], 'base64url');
    if (
      got.length !== expected.length ||
      !crypto.timingSafeEqual(got, expected)
    )
      return { error: 'invalid signature' };
    let claims: ServiceAccountClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { error: 'malformed claims' };
    }
    if (claims.iss !== TOKEN_ISSUER) return { error: 'unknown issuer' };
    const now = Math.floor(nowMs / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= now)
      return { error: 'token has expired' };
    if (typeof claims.nbf === 'number' && claims.nbf > now + 60)
      return { error: 'token not valid yet' };
    return { claims };
  }
}

/** True when a bearer token looks like a JWT (three base64url segments). */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}
