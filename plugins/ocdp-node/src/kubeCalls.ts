/** An AbortError or TimeoutError of fetch: its numeric `code` is a DOMException code, not HTTP. */
function isDomException(error: unknown): boolean {
  return Object.prototype.toString.call(error) === '[object DOMException]';
}

/** A Kubernetes API error's HTTP status, when the server answered. @public */
export function kubeStatusOf(error: unknown): number | undefined {
  if (isDomException(error)) return undefined;
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  // a watch that the server refused: client-node's Watch sets statusCode
  return typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

/**
 * The API server's own message (`Status.message`), or why it could not be reached, without
 * request details or credentials.
 *
 * @public
 */
export function describeKubeError(error: unknown): string {
  const e = error as {
    code?: unknown;
    body?: unknown;
    message?: string;
    cause?: { code?: string };
  };
  if (typeof e?.code === 'number' && !isDomException(error)) {
    const body = parseBody(e.body);
    return `${e.code}${body?.reason ? ` ${body.reason}` : ''}: ${
      body?.message ?? 'request failed'
    }`;
  }
  const status = kubeStatusOf(error);
  if (status !== undefined)
    return `${status}: ${e?.message ?? 'request failed'}`;
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  if (code) return `API server unreachable (${code})`;
  const message = String(e?.message ?? error);
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

function parseBody(
  body: unknown,
): { message?: string; reason?: string } | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  return body && typeof body === 'object' ? (body as any) : undefined;
}

/** Rejects when `promise` has not settled after `ms` milliseconds. @public */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer in time`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
