import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { OcdpPrecheckReport } from '@ocdp/plugin-ocdp-common';

/**
 * POSTs JSON to the OCDP backend on behalf of `credentials` (the user who runs the template).
 * A backend that does not answer is a ServiceUnavailableError naming `what`.
 */
export async function postToOcdp(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  credentials: BackstageCredentials;
  path: string;
  body: unknown;
  signal?: AbortSignal;
  what: string;
}): Promise<Response> {
  const { auth, discovery, credentials, path, body, signal, what } = options;
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: credentials,
    targetPluginId: 'ocdp',
  });
  const url = `${await discovery.getBaseUrl('ocdp')}${path}`;
  try {
    return await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    throw new ServiceUnavailableError(
      `the OCDP backend did not answer ${what}: ${(error as Error).message}`,
      error,
    );
  }
}

/** The API's message from a Backstage error body (`{ error: { name, message } }`), and a refusal's report. */
export async function ocdpErrorBody(
  response: Response,
): Promise<{ message: string; report?: OcdpPrecheckReport }> {
  const text = await response.text();
  try {
    const parsed = JSON.parse(text);
    const message = parsed?.error?.message;
    if (typeof message === 'string' && message) {
      return { message, report: parsed.report };
    }
  } catch {
    // not JSON: the text is the message
  }
  return {
    message: text.trim() || `${response.status} ${response.statusText}`,
  };
}

const MAPPED = [400, 403, 404, 409, 503];

/**
 * The error a failed OCDP answer stands for, with the API's own message: 400, 403, 404, 409 and
 * 503 as Backstage errors, anything else as the whole response.
 */
export async function ocdpFailure(
  response: Response,
  body?: { message: string },
): Promise<Error> {
  if (!MAPPED.includes(response.status)) {
    return ResponseError.fromResponse(response);
  }
  const { message } = body ?? (await ocdpErrorBody(response));
  switch (response.status) {
    case 400:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new ServiceUnavailableError(message);
  }
}
