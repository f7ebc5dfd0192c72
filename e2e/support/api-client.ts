/**
 * Signs in to a running Casebook over HTTP and returns a caller that sends the session cookie
 * and, on state changes, the CSRF token, as the web app does. A non-2xx answer throws.
 */
export async function signedIn(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`sign-in as ${email}: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  async function call<T = { id: string }>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { cookie, ...(method !== 'GET' && { 'x-csrf-token': csrfToken }) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${url}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
  return { cookie, call };
}
