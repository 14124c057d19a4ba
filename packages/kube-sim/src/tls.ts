/**
 * TLS for the SIMULATED API server, like a real cluster's: a CA made at start (or loaded from a
 * directory, so that it survives restarts) and a serving certificate it signs for
 * `kubernetes.default.svc...`, `localhost`, 127.0.0.1, ::1 and the listen address. Keys come from
 * Node's crypto (RSA 2048); node-forge only builds and signs the X.509 certificates.
 */
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import path from 'path';
import forge from 'node-forge';

export interface TlsMaterial {
  /** PEM of the CA certificate (what `certificate-authority-data` carries, base64-encoded). */
  caCert: string;
  caKey: string;
  /** PEM of the serving certificate and its key. */
  cert: string;
  key: string;
}

function rsaKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // positive, 16 bytes
  const b = crypto.randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

function newCert(publicPem: string, days: number) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = serial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 5 * 60_000);
  cert.validity.notAfter = new Date(now + days * 86_400_000);
  return cert;
}

/** A self-signed CA, like kubeadm's `kubernetes` CA. */
export function createCa(commonName = 'kube-sim-ca'): {
  cert: string;
  key: string;
} {
  const keys = rsaKeyPair();
  const cert = newCert(keys.publicPem, 3650);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(
    forge.pki.privateKeyFromPem(keys.privatePem),
    forge.md.sha256.create(),
  );
  return { cert: forge.pki.certificateToPem(cert), key: keys.privatePem };
}

/** A serving certificate for the API server, signed by the CA. */
export function createServingCert(
  ca: { cert: string; key: string },
  hosts: string[],
): { cert: string; key: string } {
  const keys = rsaKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = newCert(keys.publicPem, 365);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caCert.subject.attributes);
  const names = new Set([
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    'localhost',
    '127.0.0.1',
    '::1',
    ...hosts,
  ]);
  const altNames = [...names]
    .filter(h => h && h !== '0.0.0.0' && h !== '::')
    .map(h => (net.isIP(h) ? { type: 7, ip: h } : { type: 2, value: h }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.privatePem };
}

/**
 * The CA and serving certificate for a server on `host`. With `dir`, the CA is read from
 * `dir/ca.crt` + `dir/ca.key` when present (else made and written there), and the serving
 * certificate is written to `dir/apiserver.crt` + `.key`.
 */
export function tlsMaterial(host: string, dir?: string): TlsMaterial {
  let ca: { cert: string; key: string } | undefined;
  if (dir) {
    const certFile = path.join(dir, 'ca.crt');
    const keyFile = path.join(dir, 'ca.key');
    if (fs.existsSync(certFile) && fs.existsSync(keyFile)) {
      ca = {
        cert: fs.readFileSync(certFile, 'utf8'),
        key: fs.readFileSync(keyFile, 'utf8'),
      };
    } else {
      ca = createCa();
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(certFile, ca.cert);
      fs.writeFileSync(keyFile, ca.key, { mode: 0o600 });
    }
  }
  ca ??= createCa();
  const serving = createServingCert(ca, [host]);
  if (dir) {
    fs.writeFileSync(path.join(dir, 'apiserver.crt'), serving.cert);
    fs.writeFileSync(path.join(dir, 'apiserver.key'), serving.key, {
      mode: 0o600,
    });
  }
  return {
    caCert: ca.cert,
    caKey: ca.key,
    cert: serving.cert,
    key: serving.key,
  };
}
