// Calls the report JSON API (SPEC §6) with the secret key as a Bearer token. A 401 becomes
// `UnauthorizedError` (the page then asks for the key again); other failures become `ApiError`
// carrying the server's `{"error":{"code","message"}}` message.

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super(401, message);
    this.name = 'UnauthorizedError';
  }
}

/**
 * GETs one report as JSON.
 * @example const overview = await getReport<Overview>('sk_demo', '/v1/reports/overview?from=2026-11-01&to=2026-11-24')
 */
export async function getReport<T>(secretKey: string, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${secretKey}`, Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'The collector could not be reached. Check that it is running, then retry.');
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON: described below by status */
  }
  const serverMessage =
    typeof body === 'object' && body !== null && typeof (body as { error?: { message?: unknown } }).error?.message === 'string'
      ? (body as { error: { message: string } }).error.message
      : null;
  if (response.status === 401) throw new UnauthorizedError(serverMessage ?? 'The secret key was not accepted.');
  if (!response.ok) throw new ApiError(response.status, serverMessage ?? `The collector answered ${response.status}.`);
  if (typeof body !== 'object' || body === null) throw new ApiError(response.status, 'The collector sent a report that is not JSON.');
  return body as T;
}
