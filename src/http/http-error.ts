/**
 * How an HTTP exchange with a carrier failed without an answer. Kept apart from `http-client.ts` so that
 * code which only tells failures apart (the queue, the adapters' error mapping) does not load undici.
 */

/** Why no response came back. */
export type HttpFailure = 'timeout' | 'network' | 'too_large' | 'aborted';

/** A transport failure. The message names the method and host only, never the path or query. */
export class HttpError extends Error {
  readonly kind: HttpFailure;

  constructor(kind: HttpFailure, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = `HttpError[${kind}]`;
    this.kind = kind;
  }
}
