import type { Telegram } from 'telegraf';
import type { Telegram as ApiMethods, Opts } from 'telegraf/types';
import type { Clock } from '../../time/clock.js';
import { withDeadline } from '../../time/deadline.js';

/** One Bot API call, typed by method as telegraf types them. */
export type CallApi = <M extends keyof ApiMethods>(
  method: M,
  payload: Opts<M>,
  signal?: AbortSignal,
) => Promise<ReturnType<ApiMethods[M]>>;

/**
 * telegraf declares its signal as the `abort-controller` polyfill's type; at run time node-fetch takes
 * Node's own AbortSignal (it checks the object's class name), which is what every caller here passes.
 */
type TelegrafSignal = NonNullable<NonNullable<Parameters<Telegram['callApi']>[2]>['signal']>;

export interface BotApiDeps {
  /** telegraf's client (token, API root, JSON and errors). */
  readonly telegram: Telegram;
  /** What measures the deadlines. */
  readonly clock: Clock;
  /** How long a call may take before it is given up as failed. */
  readonly timeoutMs: number;
  /** Aborts every call under way and refuses new ones (a shutdown that cannot wait any longer). */
  readonly halt: AbortSignal;
}

/**
 * The Bot API with a deadline on every call (telegraf's own is 500 s, `lib/core/network/client.js`):
 * a call rejects with a `DeadlineError` once `timeoutMs` have passed, however the connection behaves,
 * so no chat's queue and no shutdown waits on a Telegram that does not answer. A long poll (getUpdates
 * with `timeout` seconds) gets its own wait on top. A call that times out may still have been carried
 * out by Telegram (a reply sent twice after a retry is possible; a lost one is not).
 */
export function createBotApi(deps: BotApiDeps): CallApi {
  return (method, payload, signal) => {
    const longPollS = method === 'getUpdates' ? Number((payload as Opts<'getUpdates'>).timeout ?? 0) : 0;
    return withDeadline(
      {
        clock: deps.clock,
        timeoutMs: longPollS * 1000 + deps.timeoutMs,
        what: `Telegram ${method}`,
        signal: signal ? AbortSignal.any([signal, deps.halt]) : deps.halt,
      },
      (callSignal) => deps.telegram.callApi(method, payload, { signal: callSignal as TelegrafSignal }),
    );
  };
}
