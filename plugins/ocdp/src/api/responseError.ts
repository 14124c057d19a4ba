import { ResponseError } from '@backstage/errors';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function hasErrorMessage(body: unknown): body is {
  error: { message: string };
  response?: unknown;
} {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string';
}

/**
 * A `ResponseError` for a failed response. `ResponseError.fromResponse` only keeps the server's
 * error message when the body also has a `response` part; bodies that carry just
 * `{ error: { name, message } }` get one added, so `error.body.error.message` is the server's
 * message either way.
 */
export async function responseErrorFrom(
  response: Response,
): Promise<ResponseError> {
  const text = await response.text();
  const body = parseJson(text);
  const normalized =
    hasErrorMessage(body) && !body.response
      ? JSON.stringify({ ...body, response: { statusCode: response.status } })
      : text;
  return ResponseError.fromResponse(
    new Response(normalized, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    }),
  );
}
