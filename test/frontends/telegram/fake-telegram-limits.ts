import type { ApiError } from './fake-telegram-methods.js';

/** At most `limit` calls arriving within any `windowMs` milliseconds. */
interface FakeWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** The limits the fake holds a bot to, measured on real time as calls arrive (the fake is a server). */
export interface FakeLimits {
  readonly overall: FakeWindow;
  readonly perChat: FakeWindow;
  /** On top of `perChat`, for groups, supergroups and channels. */
  readonly perGroup: FakeWindow;
}

/**
 * Telegram's own numbers, stated here as the service's and not taken from the code under test
 * (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this): one message a
 * second in a chat, twenty a minute in a group, about thirty a second overall.
 */
export const TELEGRAM_LIMITS: FakeLimits = {
  overall: { limit: 30, windowMs: 1000 },
  perChat: { limit: 1, windowMs: 1000 },
  perGroup: { limit: 20, windowMs: 60_000 },
};

/** The methods the limits apply to: the FAQ's limits are about sending messages. */
const LIMITED_METHODS: ReadonlySet<string> = new Set(['sendMessage']);

export interface LimitEnforcer {
  /**
   * Admits a call that arrived at `at` (ms, `performance.now()`), counting it, or answers 429 with
   * `parameters.retry_after` in whole seconds as Telegram does (a refused call is not counted).
   */
  admit(method: string, chatId: number, isGroup: boolean, at: number): ApiError | undefined;
}

/** Sliding windows of arrival times: every call must fit every window that applies to its chat. */
export function createLimitEnforcer(limits: FakeLimits): LimitEnforcer {
  const overall: number[] = [];
  const chats = new Map<number, number[]>();
  const groups = new Map<number, number[]>();
  const arrivals = (map: Map<number, number[]>, chatId: number) => {
    const known = map.get(chatId);
    if (known) return known;
    const fresh: number[] = [];
    map.set(chatId, fresh);
    return fresh;
  };
  /** Milliseconds until one more call fits, or 0 when it fits now. */
  const waitFor = (times: number[], window: FakeWindow, at: number) => {
    while (times.length > 0 && (times[0] as number) <= at - window.windowMs) times.shift();
    return times.length < window.limit
      ? 0
      : (times[times.length - window.limit] as number) + window.windowMs - at;
  };

  return {
    admit(method, chatId, isGroup, at) {
      if (!LIMITED_METHODS.has(method)) return undefined;
      const windows: [number[], FakeWindow][] = [
        [overall, limits.overall],
        [arrivals(chats, chatId), limits.perChat],
        ...(isGroup ? [[arrivals(groups, chatId), limits.perGroup] as [number[], FakeWindow]] : []),
      ];
      const waitMs = Math.max(...windows.map(([times, window]) => waitFor(times, window, at)));
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        return {
          error_code: 429,
          description: `Too Many Requests: retry after ${seconds}`,
          parameters: { retry_after: seconds },
        };
      }
      for (const [times] of windows) times.push(at);
      return undefined;
    },
  };
}
