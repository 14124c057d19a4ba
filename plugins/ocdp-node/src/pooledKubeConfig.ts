import { KubeConfig, RequestContext } from '@kubernetes/client-node';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/**
 * A KubeConfig whose requests share one undici connection pool.
 *
 * `@kubernetes/client-node` 2.0.1 builds a new undici Agent for every request to a cluster with TLS
 * options (a CA, or skip-verify), so every call opens a new TCP and TLS connection. This keeps the
 * first Agent it builds and hands that one to every later request (API clients, Watch, Log), so the
 * connections stay open between calls (keep-alive) and are reused.
 *
 * @public
 */
export class PooledKubeConfig extends KubeConfig {
  private pool?: Dispatcher;

  override async applySecurityAuthentication(
    context: RequestContext,
  ): Promise<void> {
    await super.applySecurityAuthentication(context);
    const built = context.getDispatcher();
    // none built: no TLS options, undici's global pool serves the request
    if (!built || built === this.pool) return;
    if (!this.pool) {
      this.pool = built;
      return;
    }
    context.setDispatcher(this.pool);
    // never used, so it holds no connection
    built.close().catch(() => {});
  }

  /** Closes the pooled connections; a later request opens a new pool. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }
}
