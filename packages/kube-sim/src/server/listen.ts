/** The HTTP or HTTPS server of the SIMULATED API server, and the kubeconfig cluster entry for it. */
import http from 'http';
import https from 'https';
import { TlsMaterial, tlsMaterial } from '../tls';

export interface TlsOptions {
  /**
   * Serve HTTPS with a CA made at start (like a real API server); the kubeconfig then carries
   * `certificate-authority-data`. Default: plain HTTP.
   */
  tls?: boolean;
  /** Keep the CA in this directory (ca.crt, ca.key; made when absent), so it survives restarts. */
  tlsDir?: string;
}

export interface ApiServer {
  server: http.Server;
  scheme: 'http' | 'https';
  tls?: TlsMaterial;
  /** PEM of the CA certificate when serving HTTPS. */
  caCert?: string;
}

export function createApiServer(
  options: TlsOptions,
  host: string,
  handler: http.RequestListener,
): ApiServer {
  if (!options.tls && !options.tlsDir) {
    return { server: http.createServer(handler), scheme: 'http' };
  }
  const tls = tlsMaterial(host, options.tlsDir);
  const server = https.createServer({ cert: tls.cert, key: tls.key }, handler);
  return { server, scheme: 'https', tls, caCert: tls.caCert };
}

/** The kubeconfig `cluster` entry: the CA for HTTPS; for plain HTTP, client-node needs skip-verify. */
export function clusterEntry(
  scheme: 'http' | 'https',
  host: string,
  port: number,
  caCert?: string,
): Record<string, unknown> {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  if (scheme === 'https' && caCert) {
    return {
      server: `https://${hostPart}:${port}`,
      'certificate-authority-data': Buffer.from(caCert).toString('base64'),
    };
  }
  // client-node refuses plain http unless skipTLSVerify is set
  return {
    server: `http://${hostPart}:${port}`,
    'insecure-skip-tls-verify': true,
  };
}
