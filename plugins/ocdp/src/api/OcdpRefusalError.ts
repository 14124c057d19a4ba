import { ResponseError } from '@backstage/errors';
import { OcdpPrecheckReport } from '@ocdp/plugin-ocdp-common';

/**
 * A change the pre-flight check refused (HTTP 409): nothing was applied, and `report` says why
 * (`report.reasons` are sentences for people). @public
 */
export class OcdpRefusalError extends Error {
  readonly name = 'OcdpRefusalError';
  readonly statusCode = 409;

  constructor(
    message: string,
    readonly report: OcdpPrecheckReport,
    readonly response?: ResponseError,
  ) {
    super(message);
  }
}

function isPrecheckReport(value: unknown): value is OcdpPrecheckReport {
  const report = value as Partial<OcdpPrecheckReport> | undefined;
  return (
    typeof report === 'object' &&
    report !== null &&
    typeof report.ok === 'boolean' &&
    Array.isArray(report.reasons)
  );
}

/** The refusal a 409 carries with its pre-flight report; any other error as it is. */
export function refusalOrError(error: unknown): unknown {
  if (!(error instanceof ResponseError) || error.statusCode !== 409) {
    return error;
  }
  const report = (error.body as { report?: unknown }).report;
  if (!isPrecheckReport(report)) {
    return error;
  }
  return new OcdpRefusalError(error.body.error.message, report, error);
}
