import { ResponseError } from '@backstage/errors';

/**
 * The message to show for a failed call: the backend's own message for API errors
 * (`quota.requests.cpu: "12GB" is not a valid Kubernetes quantity`), not `Request failed with…`.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}

/** The HTTP status of a failed API call, when it was one. */
export function errorStatus(error: unknown): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}
