import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';

/** A bearer token as a login returns it. */
export interface IssuedToken {
  readonly value: string;
  /** When it lapses, by the adapter's clock (epoch ms). */
  readonly expiresAt: number;
}

/**
 * The login state of a token-based carrier API (CARRIERS.md: "refresh once, single flight, ahead of
 * expiry or on the first credential error; never let concurrent callers each log in").
 */
export interface TokenCache {
  /**
   * Runs `call` with a token good for now (logging in when there is none or it is about to lapse; callers
   * arriving meanwhile share that one login). When `refused(answer)` says the carrier refused the token,
   * forgets it, logs in once more and repeats the call once; that second answer is returned as it came.
   */
  call<T>(call: (token: string) => Promise<T>, refused: (answer: T) => boolean): Promise<T>;
}

export interface TokenCacheOptions {
  readonly adapter: string;
  readonly login: () => Promise<IssuedToken>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Log in again this long before expiry (at most half the token's life). @defaultValue 60 s */
  readonly refreshAheadMs?: number;
}

export function createTokenCache({
  adapter,
  login,
  clock,
  logger,
  refreshAheadMs = 60_000,
}: TokenCacheOptions): TokenCache {
  let current: { value: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const token = (): Promise<string> => {
    if (current && clock.now() < current.renewAt) return Promise.resolve(current.value);
    pending ??= (async () => {
      const issuedAt = clock.now();
      const issued = await login();
      const ahead = Math.min(refreshAheadMs, (issued.expiresAt - issuedAt) / 2);
      current = { value: issued.value, renewAt: issued.expiresAt - ahead };
      logger.debug({ adapter, expiresAt: new Date(issued.expiresAt).toISOString() }, 'logged in');
      return issued.value;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    async call(call, refused) {
      const used = await token();
      const answer = await call(used);
      if (!refused(answer)) return answer;
      // Forget the refused token unless another caller has replaced it already.
      if (current?.value === used) current = undefined;
      logger.info({ adapter }, 'token refused; logging in again once');
      return call(await token());
    },
  };
}
