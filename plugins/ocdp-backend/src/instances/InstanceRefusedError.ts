import { ConflictError } from '@backstage/errors';
import { OcdpPrecheckReport } from '@ocdp/plugin-ocdp-common';

/** A change the pre-flight refused: 409 with the report; nothing was applied. */
export class InstanceRefusedError extends ConflictError {
  constructor(message: string, readonly report: OcdpPrecheckReport) {
    super(message);
  }
}
