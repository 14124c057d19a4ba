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
import { OcdpInstance, OcdpPrecheckReport } from '@ocdp/plugin-ocdp-common';

/** `POST /instances` body. */
export interface CreateInstanceBody {
  tenant: string;
  cluster: string;
  name: string;
  chart?: string;
  values?: Record<string, unknown>;
  valuesYaml?: string;
}

/** The pre-flight check refused the deploy: its reasons and report. */
export class DeployRefusedError extends ConflictError {
  constructor(message: string, readonly report: OcdpPrecheckReport) {
    super(message);
  }
}

async function errorBody(
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

/**
 * Deploys an instance through the OCDP backend (`POST /api/ocdp/instances`) on behalf of
 * `credentials`; the backend runs the pre-flight again right before it applies. A refusal is a
 * `DeployRefusedError` whose message is the report's reasons.
 */
export async function createInstance(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  credentials: BackstageCredentials;
  body: CreateInstanceBody;
  signal?: AbortSignal;
}): Promise<OcdpInstance> {
  const { auth, discovery, credentials, body, signal } = options;
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: credentials,
    targetPluginId: 'ocdp',
  });
  const url = `${await discovery.getBaseUrl('ocdp')}/instances`;
  let response: Response;
  try {
    response = await fetch(url, {
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
      `the OCDP backend did not answer the deploy: ${(error as Error).message}`,
      error,
    );
  }
  if (response.ok) {
    // Parsed from text: the instance becomes template values, which must be plain objects.
    return JSON.parse(await response.text()) as OcdpInstance;
  }
  if (response.status >= 500 && response.status !== 503) {
    throw await ResponseError.fromResponse(response);
  }
  const { message, report } = await errorBody(response);
  switch (response.status) {
    case 400:
      throw new InputError(message);
    case 403:
      throw new NotAllowedError(message);
    case 404:
      throw new NotFoundError(message);
    case 409:
      if (report) {
        throw new DeployRefusedError(
          report.reasons?.length ? report.reasons.join('; ') : message,
          report,
        );
      }
      throw new ConflictError(message);
    case 503:
      throw new ServiceUnavailableError(message);
    default:
      throw new Error(`${response.status} ${message}`);
  }
}
