/**
 * The transport the CLI hands to the SDK (its `fetch` option): one request over `node:http`/`node:https`.
 * Everything Zoho-specific (tokens, retries, envelopes, redaction) stays in the SDK's pipeline; this only
 * moves bytes. It exists for start-up time: Node 20 initialises the `fetch` built into it (undici) on first
 * use, which costs ~40 ms, more than the rest of a `zohokit desk tickets list` run; `node:http` costs ~6 ms.
 *
 * It supports what the SDK uses: method, string body, header object, AbortSignal; and answers with status,
 * `headers.get()` and `text()`. Socket errors keep their `code` (ECONNREFUSED, ECONNRESET), which the SDK's
 * transport maps to retry decisions. No keep-alive: a CLI process makes a handful of calls and exits.
 */
import type { IncomingMessage, RequestOptions } from 'node:http';

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export const nodeFetch: Fetch = async (input, init) => {
  const url = new URL(input);
  const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);
  const headers = { ...(init.headers as Record<string, string> | undefined), connection: 'close' };
  const body = typeof init.body === 'string' ? init.body : undefined;
  if (body !== undefined) (headers as Record<string, string>)['content-length'] = String(Buffer.byteLength(body));
  const options: RequestOptions = { method: init.method ?? 'GET', headers, agent: false };

  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = client.request(url, options, resolve);
    const onAbort = () => request.destroy(abortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    request.on('close', () => signal?.removeEventListener('abort', onAbort));
    request.end(body);
  });

  const chunks: Buffer[] = [];
  const text = new Promise<string>((resolve, reject) => {
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
  });
  // Read the body at once, so a deadline that fires later still finds it complete.
  text.catch(() => undefined);
  const lower = response.headers;
  return {
    status: response.statusCode ?? 0,
    ok: (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300,
    headers: {
      get: (name: string) => {
        const value = lower[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);
      },
    },
    text: () => text,
    json: async () => JSON.parse(await text),
  } as unknown as Response;
};

function abortError(signal: AbortSignal | undefined): Error {
  const error = new Error('the request was aborted', { cause: signal?.reason });
  error.name = 'AbortError';
  return error;
}
