/** A problem+json answer from the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith('casebook_csrf='))
    ?.split('=')[1];
}

/** Calls the API with the session cookie; state changes carry the CSRF token. */
export async function api<T>(method: string, path: string, body?: unknown, lang?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = decodeURIComponent(token);
  }
  if (lang) headers['accept-language'] = lang;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (res.status === 204) return undefined as T;
  const data = (await res.json()) as T & { code?: string; detail?: string };
  if (!res.ok) throw new ApiError(res.status, data.code ?? 'error', data.detail ?? res.statusText);
  return data;
}
