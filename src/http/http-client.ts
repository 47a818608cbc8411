import { Agent, request, errors as undiciErrors } from 'undici';
import { HttpError } from './http-error.js';

/** The one way Postie talks HTTP to carriers (only this module imports undici, STYLE.md §14). */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole-exchange limit, headers and body: the request is aborted after this many milliseconds. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  /** Bodies larger than this are refused (`too_large`). @defaultValue 2 MiB */
  readonly maxBodyBytes?: number;
  /** Keep-alive connections per origin. @defaultValue 8 */
  readonly connections?: number;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const maxBodyBytes = options.maxBodyBytes ?? 2 * 1024 * 1024;
  const agent = new Agent({ connections: options.connections ?? 8, keepAliveTimeout: 30_000 });

  return {
    async request(req) {
      const host = safeHost(req.url);
      const timeout = AbortSignal.timeout(req.timeoutMs);
      const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
      try {
        const response = await request(req.url, {
          method: req.method,
          headers: req.headers ?? {},
          ...(req.body === undefined ? {} : { body: req.body }),
          signal,
          dispatcher: agent,
        });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of response.body) {
          size += (chunk as Buffer).length;
          if (size > maxBodyBytes) {
            response.body.destroy();
            throw new HttpError(
              'too_large',
              `${req.method} ${host}: response body over ${maxBodyBytes} bytes`,
            );
          }
          chunks.push(chunk as Buffer);
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined)
            headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
      } catch (error) {
        if (error instanceof HttpError) throw error;
        if (timeout.aborted) {
          throw new HttpError(
            'timeout',
            `${req.method} ${host}: no answer within ${req.timeoutMs} ms`,
            error,
          );
        }
        if (req.signal?.aborted) throw new HttpError('aborted', `${req.method} ${host}: aborted`, error);
        const reason = error instanceof undiciErrors.UndiciError ? error.code : 'connection failed';
        throw new HttpError('network', `${req.method} ${host}: ${reason}`, error);
      }
    },
    close: () => agent.close(),
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}
