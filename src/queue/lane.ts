import type { CarrierAdapter, LaneLimits } from '../carriers/adapter.js';
import { MAX_RETRY_AFTER_MS } from '../carriers/carrier-http.js';
import { CarrierError } from '../domain/carrier-error.js';
import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';
import { backoffMs } from './backoff.js';
import { batchReadyAt, halve, takeBatch } from './batches.js';
import { type Breaker, createBreaker } from './breaker.js';
import type { LaneEntry, Priority, Waiting } from './lane-entry.js';
import type { Quota } from './quota.js';
import { concurrencyOf, createRateGate, type RateGate, type WindowUse } from './rate-gate.js';

export type { LaneEntry, Priority } from './lane-entry.js';

export interface LaneOptions {
  readonly adapter: CarrierAdapter;
  readonly limits: LaneLimits;
  readonly quota: Quota;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  /**
   * An interactive lookup expected to wait longer than this fails at once: `rate_limited` while the
   * carrier has the lane paused, else `busy`. @defaultValue 20 s
   */
  readonly maxInteractiveWaitMs?: number;
  /**
   * The longest pause a carrier's "too many requests" may impose, whatever it hints.
   * @defaultValue `MAX_RETRY_AFTER_MS` (15 min)
   */
  readonly maxPauseMs?: number;
  /** Whole-call attempts per lookup, by priority. @defaultValue interactive 2, background 5 */
  readonly maxAttempts?: Readonly<Record<Priority, number>>;
}

export interface LaneStats {
  readonly waiting: Readonly<Record<Priority, number>>;
  readonly inFlight: number;
  readonly requests: number;
  readonly breaker: 'closed' | 'open' | 'half-open';
  /** How long the longest-waiting lookup of each priority has waited (0 when none waits). */
  readonly oldestWaitMs: Readonly<Record<Priority, number>>;
  /** The short windows' use as this lane counts them. */
  readonly windows: readonly WindowUse[];
}

/**
 * One carrier adapter's queue (DESIGN.md "The queue"): it keeps the adapter's limits, fills batches,
 * sends interactive lookups before background ones, pauses after "too many requests", retries
 * transient failures with backoff, stops at quota exhaustion, and trips a breaker when the carrier keeps
 * failing. All waiting goes through `clock`, so tests run on a manual clock.
 *
 * A quota count that cannot be read or kept (the store away) fails what is waiting (`reject`), with the
 * store's error: nothing is sent uncounted, and the lane goes on with the next lookup rather than dying
 * or spinning. An adapter failing on the store (its cache) fails its batch the same way, without
 * counting against the carrier's breaker.
 */
export class Lane {
  private readonly waiting: Waiting = { interactive: [], background: [] };
  private inFlight = 0;
  private requests = 0;
  private pausedUntil = 0;
  private blocked: { until: number; error: CarrierError } | undefined;
  private readonly gate: RateGate;
  private readonly breaker: Breaker;
  private running = false;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: LaneOptions) {
    this.gate = createRateGate(options.limits);
    this.breaker = createBreaker();
  }

  get stats(): LaneStats {
    const now = this.options.clock.now();
    const waitedMs = (entries: readonly LaneEntry[]) =>
      entries.length === 0 ? 0 : now - Math.min(...entries.map((e) => e.enqueuedAt));
    return {
      waiting: { interactive: this.waiting.interactive.length, background: this.waiting.background.length },
      inFlight: this.inFlight,
      requests: this.requests,
      breaker: this.breaker.state(now),
      oldestWaitMs: {
        interactive: waitedMs(this.waiting.interactive),
        background: waitedMs(this.waiting.background),
      },
      windows: this.gate.usage(now),
    };
  }

  enqueue(entry: LaneEntry): void {
    const refusal = this.refusal(entry.priority);
    if (refusal) {
      entry.resolve({ kind: 'failed', error: refusal });
      return;
    }
    this.waiting[entry.priority].push(entry);
    this.kick();
  }

  /**
   * Someone is now waiting for an entry already in the lane (a background poll of the same number):
   * moves it ahead with the interactive ones, or, when the lane cannot serve a person soon, leaves it
   * where it is and answers why, as for a new interactive lookup.
   */
  promote(entry: LaneEntry): CarrierError | undefined {
    const refusal = this.refusal('interactive');
    if (refusal) return refusal;
    const index = this.waiting.background.indexOf(entry);
    if (index < 0) return undefined;
    this.waiting.background.splice(index, 1);
    entry.priority = 'interactive';
    this.waiting.interactive.push(entry);
    this.kick();
    return undefined;
  }

  /** Why a lookup is refused at once, if it is: quota used up, breaker open, or too long a wait. */
  private refusal(priority: Priority): CarrierError | undefined {
    const now = this.options.clock.now();
    const id = this.options.adapter.id;
    if (this.blocked && now < this.blocked.until) return this.blocked.error;
    if (this.breaker.state(now) === 'open') return this.unavailable(now);
    if (priority === 'interactive') {
      if (this.pausedUntil - now > this.maxInteractiveWaitMs) return this.paused(now);
      const waitMs = this.estimateWaitMs(now);
      if (waitMs > this.maxInteractiveWaitMs) {
        return new CarrierError(id, 'busy', `${id} is busy; try again in ${Math.ceil(waitMs / 1000)} s`, {
          retryAfterMs: waitMs,
        });
      }
    }
    return undefined;
  }

  private get maxInteractiveWaitMs(): number {
    return this.options.maxInteractiveWaitMs ?? 20_000;
  }

  /** The answer for a person while the carrier has the lane paused: try again when the pause ends. */
  private paused(now: number): CarrierError {
    const id = this.options.adapter.id;
    return new CarrierError(id, 'rate_limited', `${id} asked Postie to slow down; not asking again yet`, {
      retryAfterMs: this.pausedUntil - now,
    });
  }

  private unavailable(now: number): CarrierError {
    const id = this.options.adapter.id;
    return new CarrierError(id, 'unavailable', `${id} keeps failing; not asking again yet`, {
      retryAfterMs: this.breaker.remainingMs(now),
    });
  }

  /** How long a new interactive lookup would wait: the requests ahead of it times the lane's pace. */
  private estimateWaitMs(now: number): number {
    const { batchSize } = this.options.limits;
    const concurrency = concurrencyOf(this.options.limits);
    const requestsAhead =
      Math.floor(this.waiting.interactive.length / batchSize) + Math.max(0, this.inFlight - concurrency + 1);
    const pause = Math.max(0, this.pausedUntil - now);
    const gateAt = this.gate.earliest(now);
    // Waiting for a request in flight to end: about one interval, as far as can be told.
    const gateWait = gateAt === Number.POSITIVE_INFINITY ? this.gate.intervalMs : Math.max(0, gateAt - now);
    return pause + requestsAhead * this.gate.intervalMs + gateWait;
  }

  private kick(): void {
    if (this.wakeUp) {
      const wake = this.wakeUp;
      this.wakeUp = undefined;
      wake();
    }
    if (!this.running) {
      this.running = true;
      void this.run()
        .catch((error: unknown) => this.failedOnOurSide(error))
        .finally(() => {
          this.running = false;
          if (this.size() > 0) this.kick();
        });
    }
  }

  /** Whose quota the next request uses: people's when one of theirs can go now, else background's share. */
  private headPriority(now: number): Priority {
    return this.waiting.interactive.some((e) => e.notBefore <= now) ? 'interactive' : 'background';
  }

  private size(): number {
    return this.waiting.interactive.length + this.waiting.background.length;
  }

  /** The dispatch loop: runs while anything waits, sleeping on the clock between sends. */
  private async run(): Promise<void> {
    const { clock, limits } = this.options;
    while (this.size() > 0) {
      const now = clock.now();
      if (this.inFlight >= concurrencyOf(limits)) {
        await this.idle();
        continue;
      }
      const quotaAt = await this.options.quota.earliest(now, this.headPriority(now));
      // Read the queue after the await: lookups may have arrived meanwhile.
      const at = Math.max(
        batchReadyAt(this.waiting, this.options.limits, now),
        this.pausedUntil,
        this.gate.earliest(now),
        quotaAt,
      );
      if (at === Number.POSITIVE_INFINITY) {
        // The windows wait for a request in flight to end; its end wakes the loop.
        await this.idle();
        continue;
      }
      if (at > now) {
        await this.sleepUntil(at);
        continue;
      }
      if (this.breaker.state(now) === 'open') {
        this.failAllWaiting(this.unavailable(now));
        continue;
      }
      if (!this.breaker.tryPass(now)) {
        // Half-open with its trial call in flight: wait for the verdict.
        await this.idle();
        continue;
      }
      const batch = takeBatch(this.waiting, this.options.limits.batchSize, now);
      if (batch.length === 0) continue;
      this.gate.record(now);
      try {
        await this.options.quota.record(now);
      } catch (error) {
        // Not sent uncounted: the batch fails with the rest of the lane (`failedOnOurSide`).
        for (const entry of batch) entry.reject(error);
        throw error;
      }
      this.requests += 1;
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.gate.ended(clock.now());
        this.inFlight -= 1;
        this.kick();
      });
    }
  }

  private async send(batch: LaneEntry[]): Promise<void> {
    const { adapter, clock, logger } = this.options;
    const locale = (batch[0] as LaneEntry).locale;
    try {
      const outcomes = await adapter.track(
        batch.map((e) => e.request),
        { locale },
      );
      this.breaker.success();
      for (const entry of batch) {
        entry.resolve(
          outcomes.get(entry.request.number) ?? {
            kind: 'failed',
            error: new CarrierError(
              adapter.id,
              'bad_response',
              `${adapter.id} gave no answer for a number it was asked`,
            ),
          },
        );
      }
    } catch (thrown) {
      if (isStoreUnavailable(thrown)) {
        // The store failed, not the carrier: no retry, nothing told to the breaker.
        for (const entry of batch) entry.reject(thrown);
        return;
      }
      const error = asCarrierError(adapter.id, thrown);
      logger.warn({ err: error, adapter: adapter.id, numbers: batch.length }, 'carrier call failed');
      this.handleFailure(batch, error, clock.now());
    }
  }

  private handleFailure(batch: LaneEntry[], error: CarrierError, now: number): void {
    const { limits, random } = this.options;
    if (error.batchRefused && batch.length > 1) {
      this.split(batch, now);
      return;
    }
    switch (error.code) {
      case 'rate_limited': {
        // The carrier said slow down: pause the whole lane (for at most `maxPauseMs`, whatever it hints)
        // and put the batch back first in line. A person does not wait out a long pause: they hear at once
        // when to try again, and the chat stays responsive; background lookups wait.
        const pauseMs = Math.min(
          error.retryAfterMs ?? limits.pauseAfterRateLimitMs ?? 1000,
          this.options.maxPauseMs ?? MAX_RETRY_AFTER_MS,
        );
        this.pausedUntil = Math.max(this.pausedUntil, now + pauseMs);
        if (this.pausedUntil - now > this.maxInteractiveWaitMs) {
          const answer = this.paused(now);
          for (const entry of batch.filter((e) => e.priority === 'interactive')) {
            entry.resolve({ kind: 'failed', error: answer });
          }
          for (const entry of this.waiting.interactive.splice(0))
            entry.resolve({ kind: 'failed', error: answer });
          batch = batch.filter((e) => e.priority !== 'interactive');
        }
        this.retry(batch, error, now, this.pausedUntil - now);
        return;
      }
      case 'quota_exhausted': {
        const until = now + (error.retryAfterMs ?? 3_600_000);
        this.blocked = { until, error };
        for (const entry of batch) entry.resolve({ kind: 'failed', error });
        this.failAllWaiting(error);
        return;
      }
      case 'unavailable':
      case 'timeout': {
        this.breaker.failure(now);
        this.retry(batch, error, now, 0, random);
        return;
      }
      default:
        for (const entry of batch) entry.resolve({ kind: 'failed', error });
    }
  }

  /** A batch refused as a whole for one of its items: its halves go back first in line (`halve`). */
  private split(batch: LaneEntry[], now: number): void {
    halve(batch);
    for (const entry of [...batch].reverse()) {
      entry.notBefore = now;
      this.waiting[entry.priority].unshift(entry);
    }
  }

  /** Requeues entries that have attempts left (after a backoff), and fails the others with `error`. */
  private retry(
    batch: LaneEntry[],
    error: CarrierError,
    now: number,
    minDelayMs: number,
    random?: () => number,
  ): void {
    const maxAttempts = this.options.maxAttempts ?? { interactive: 2, background: 5 };
    for (const entry of [...batch].reverse()) {
      entry.attempts += 1;
      if (entry.attempts >= maxAttempts[entry.priority]) {
        entry.resolve({ kind: 'failed', error });
        continue;
      }
      const delay = random
        ? backoffMs(entry.attempts, random, { retryAfterMs: error.retryAfterMs ?? 0 })
        : minDelayMs;
      entry.notBefore = now + Math.max(delay, minDelayMs);
      this.waiting[entry.priority].unshift(entry);
    }
  }

  /**
   * The dispatch loop failed on Postie's side (a quota count the store cannot read or keep): every lookup
   * waiting fails with that error, so none waits for a store that may be away for long; the next one
   * tries again.
   */
  private failedOnOurSide(error: unknown): void {
    if (!isStoreUnavailable(error))
      this.options.logger.error({ err: error, adapter: this.options.adapter.id }, 'a carrier lane failed');
    for (const priority of ['interactive', 'background'] as const) {
      for (const entry of this.waiting[priority].splice(0)) entry.reject(error);
    }
  }

  private failAllWaiting(error: CarrierError): void {
    for (const priority of ['interactive', 'background'] as const) {
      for (const entry of this.waiting[priority].splice(0)) entry.resolve({ kind: 'failed', error });
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  /** Sleeps on the clock until `at`, or until something new arrives. */
  private async sleepUntil(at: number): Promise<void> {
    const woken = new AbortController();
    const arrival = this.idle().then(() => woken.abort());
    try {
      await this.options.clock.sleep(at - this.options.clock.now(), woken.signal);
    } catch {
      // Woken early by an arrival or a finished request: the loop looks again.
    } finally {
      this.wakeUp = undefined;
      void arrival;
    }
  }
}

function asCarrierError(adapter: string, thrown: unknown): CarrierError {
  if (thrown instanceof CarrierError) return thrown;
  return new CarrierError(adapter, 'bad_response', `${adapter} failed unexpectedly`, { cause: thrown });
}
