import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { OcdpInstance, OcdpPrecheckReport } from '@ocdp/plugin-ocdp-common';
import { ocdpErrorBody, ocdpFailure, postToOcdp } from './ocdpRequest';

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
  const response = await postToOcdp({
    ...options,
    path: '/instances',
    what: 'the deploy',
  });
  if (response.ok) {
    // Parsed from text: the instance becomes template values, which must be plain objects.
    return JSON.parse(await response.text()) as OcdpInstance;
  }
  if (response.status === 409) {
    const { message, report } = await ocdpErrorBody(response);
    if (report) {
      throw new DeployRefusedError(
        report.reasons?.length ? report.reasons.join('; ') : message,
        report,
      );
    }
    throw await ocdpFailure(response, { message });
  }
  throw await ocdpFailure(response);
}
