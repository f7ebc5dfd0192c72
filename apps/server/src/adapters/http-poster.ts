/** The outcome of one POST: the status the receiver answered, or the network error. */
export type PostOutcome = { status: number; error: null } | { status: null; error: string };

/** Sends a JSON document to a URL; paging integrations go through it so tests can point it at loopback receivers. */
export interface HttpPoster {
  postJson(url: string, body: string, headers?: Record<string, string>): Promise<PostOutcome>;
}

/** fetch with a time limit; a receiver that hangs is a network error, retried like one. */
export function createHttpPoster(timeoutMs = 10_000): HttpPoster {
  return {
    async postJson(url, body, headers = {}) {
      try {
        const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'user-agent': 'Casebook', ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
        await res.arrayBuffer().catch(() => undefined); // drain, so the connection is reused
        return { status: res.status, error: null };
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        return { status: null, error: (cause?.code ?? cause?.message ?? (err as Error).message).slice(0, 500) };
      }
    },
  };
}
