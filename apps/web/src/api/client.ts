/** A problem+json answer from the API, with its stable code and the message in the reader's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field-level problems of a validation error, by field name. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  const raw = document.cookie
    .split('; ')
    .find((c) => c.startsWith('casebook_csrf='))
    ?.split('=')[1];
  return raw ? decodeURIComponent(raw) : undefined;
}

interface Problem {
  code?: string;
  detail?: string;
  title?: string;
  errors?: { path?: string; field?: string; message: string }[];
}

function problemToError(status: number, data: Problem, fallback: string): ApiError {
  const fields: Record<string, string> = {};
  for (const e of data.errors ?? []) {
    const key = (e.field ?? e.path)?.replace(/^body\./, '');
    if (key && !fields[key]) fields[key] = e.message;
  }
  return new ApiError(status, data.code ?? 'error', data.detail ?? data.title ?? fallback, fields);
}

/** Calls the API with the session cookie; state changes carry the CSRF token; errors become ApiError. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': document.documentElement.lang || 'en' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined && { body: JSON.stringify(body) }) });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as T & Problem;
  if (!res.ok) throw problemToError(res.status, data, res.statusText);
  return data;
}

/** A query string from a record; arrays repeat the key, empty values are left out. */
export function query(params: Record<string, string | number | boolean | string[] | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) q.append(key, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Uploads one file as multipart/form-data, reporting progress. XMLHttpRequest, because fetch still
 * cannot report upload progress; `abort` cancels the transfer.
 */
export function upload<T>(path: string, file: File, onProgress: (fraction: number) => void): { done: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.withCredentials = true;
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.setRequestHeader('accept-language', document.documentElement.lang || 'en');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let data: T & Problem;
      try {
        data = JSON.parse(xhr.responseText) as T & Problem;
      } catch {
        data = {} as T & Problem;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(data);
      } else reject(problemToError(xhr.status, data, xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'aborted'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
