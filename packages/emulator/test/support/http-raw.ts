import { request } from 'node:http';

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  /** Sent as given, `Host` included (global fetch does not let one set Host). */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with `Transfer-Encoding: chunked` instead of a Content-Length. */
  chunked?: boolean;
}

/** One HTTP/1.1 exchange with node:http, so a test can send any Host, Origin or Sec-Fetch-Site header. */
export function rawRequest(baseUrl: string, input: RawRequest): Promise<RawReply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        method: input.method ?? 'GET',
        path: input.path,
        headers: input.headers,
        // A fresh connection per request: a refused request must not ride on a kept-alive one.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (input.body !== undefined) {
      if (input.chunked) {
        req.setHeader('transfer-encoding', 'chunked');
        const body = Buffer.from(input.body);
        const step = 64 * 1024;
        for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
      } else {
        req.setHeader('content-length', Buffer.byteLength(input.body));
        req.write(input.body);
      }
    }
    req.end();
  });
}
