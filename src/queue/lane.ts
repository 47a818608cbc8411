import type { CarrierAdapter, LaneLimits } from '../carriers/adapter.js';
import type { CarrierError } from '../domain/carrier-error.js';
import { isStoreUnavailable } from '../domain/store-unavailable.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';
import { batchReadyAt, takeBatch } from './batches.js';
import { callCarrier, endOf, noAnswer, pauseMsOf } from './lane-call.js';
import type { LaneEntry, Priority, Waiting } from './lane-entry.js';
import { busyError, estimateWaitMs, pausedError, unavailableError } from './lane-refusals.js';
import { DEFAULT_MAX_ATTEMPTS, requeueHalves, retryOrFail } from './lane-retries.js';
import type { LaneState } from './lane-state.js';
import { createLaneWaker, type LaneWaker } from './lane-waker.js';
import { createLocalLaneState } from './local-lane-state.js';
import type { Quota } from './quota.js';
import { concurrencyOf, type WindowUse } from './rate-gate.js';

export type { LaneEntry, Priority } from './lane-entry.js';

export interface LaneOptions {
  readonly adapter: CarrierAdapter;
  readonly limits: LaneLimits;
  readonly quota: Quota;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger: Logger;
  /**
   * Spacing, windows, requests in flight, pauses and the breaker: shared by every instance on a Redis
   * store (`store/redis-lane-state.ts`). @defaultValue in this process (`local-lane-state.ts`)
   */
  readonly state?: LaneState;
  /** Told how long each lookup waited in the lane, as it first goes out (the wait-time metric). */
  readonly onSent?: (priority: Priority, waitedMs: number) => void;
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
  /** The short windows' use as this lane last saw them (every instance's requests when shared). */
  readonly windows: readonly WindowUse[];
}

/**
 * One carrier adapter's queue (DESIGN.md "The queue"): it fills batches, sends interactive lookups
 * before background ones, retries transient failures with backoff (`lane-retries.ts`), stops at quota
 * exhaustion, and asks its `LaneState` before each request whether the carrier's limits let it start
 * (spacing, windows, in flight, the pause after "too many requests", the breaker): in this process, or
 * shared by every instance on Redis. All waiting goes through `clock`, so tests run on a manual clock.
 *
 * A quota count or lane state that cannot be read or kept (the store away) fails what is waiting
 * (`reject`), with the store's error: nothing is sent uncounted, and the lane goes on with the next
 * lookup rather than dying or spinning. An adapter failing on the store (its cache) fails its batch the
 * same way, without counting against the carrier's breaker.
 */
export class Lane {
  private readonly waiting: Waiting = { interactive: [], background: [] };
  private inFlight = 0;
  private requests = 0;
  /** A pause this lane's own requests were told of, before the state has it. */
  private ownPauseUntil = 0;
  private blocked: { until: number; error: CarrierError } | undefined;
  private readonly state: LaneState;
  private readonly waker: LaneWaker;
  private running = false;

  constructor(private readonly options: LaneOptions) {
    this.state = options.state ?? createLocalLaneState(options.limits);
    this.waker = createLaneWaker(options.clock);
  }

  get stats(): LaneStats {
    const now = this.options.clock.now();
    const view = this.state.view(now);
    const waitedMs = (entries: readonly LaneEntry[]) =>
      entries.length === 0 ? 0 : now - Math.min(...entries.map((e) => e.enqueuedAt));
    return {
      waiting: { interactive: this.waiting.interactive.length, background: this.waiting.background.length },
      inFlight: this.inFlight,
      requests: this.requests,
      breaker: view.breaker,
      oldestWaitMs: {
        interactive: waitedMs(this.waiting.interactive),
        background: waitedMs(this.waiting.background),
      },
      windows: view.windows,
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

  private get id(): string {
    return this.options.adapter.id;
  }

  private get maxInteractiveWaitMs(): number {
    return this.options.maxInteractiveWaitMs ?? 20_000;
  }

  /** The pause as far as this lane knows: its own requests', and the state's (another instance's too). */
  private pausedUntil(now: number): number {
    return Math.max(this.ownPauseUntil, this.state.view(now).pausedUntil);
  }

  /** Why a lookup is refused at once, if it is: quota used up, breaker open, or too long a wait. */
  private refusal(priority: Priority): CarrierError | undefined {
    const now = this.options.clock.now();
    if (this.blocked && now < this.blocked.until) return this.blocked.error;
    const view = this.state.view(now);
    if (view.breaker === 'open') return unavailableError(this.id, view.breakerRemainingMs);
    if (priority !== 'interactive') return undefined;
    const pausedUntil = this.pausedUntil(now);
    if (pausedUntil - now > this.maxInteractiveWaitMs) return pausedError(this.id, pausedUntil, now);
    const { limits } = this.options;
    const waitMs = estimateWaitMs(
      {
        waiting: this.waiting.interactive.length,
        batchSize: limits.batchSize,
        inFlight: this.inFlight,
        concurrency: concurrencyOf(limits),
        pausedUntil,
        earliest: view.earliest,
        intervalMs: this.state.intervalMs,
      },
      now,
    );
    return waitMs > this.maxInteractiveWaitMs ? busyError(this.id, waitMs) : undefined;
  }

  private kick(): void {
    this.waker.wake();
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
        await this.waker.idle();
        continue;
      }
      const quotaAt = await this.options.quota.earliest(now, this.headPriority(now));
      // Read the queue after the await: lookups may have arrived meanwhile.
      const at = Math.max(
        batchReadyAt(this.waiting, limits, now),
        this.pausedUntil(now),
        this.state.view(now).earliest,
        quotaAt,
      );
      if (at > now) {
        // `Infinity`: the windows wait for a request in flight to end; its end wakes the loop.
        await (at === Number.POSITIVE_INFINITY ? this.waker.idle() : this.waker.sleepUntil(at));
        continue;
      }
      const reservation = await this.state.reserve(now);
      if (reservation.kind === 'open') {
        this.failAllWaiting(unavailableError(this.id, reservation.retryAfterMs));
        continue;
      }
      if (reservation.kind === 'wait') {
        this.answerPeopleIfPausedLong(now);
        const until = reservation.at;
        await (until === Number.POSITIVE_INFINITY ? this.waker.idle() : this.waker.sleepUntil(until));
        continue;
      }
      await this.dispatch(reservation.token, now);
    }
  }

  /** Sends the next batch on the slot reserved, counted in the quota first. */
  private async dispatch(token: string, now: number): Promise<void> {
    const batch = takeBatch(this.waiting, this.options.limits.batchSize, now);
    if (batch.length === 0) {
      await this.state.cancel(token, now);
      return;
    }
    let counted: boolean;
    try {
      const priority = batch.some((e) => e.priority === 'interactive') ? 'interactive' : 'background';
      counted = await this.options.quota.record(now, priority);
    } catch (error) {
      // Not sent uncounted: the batch fails with the rest of the lane (`failedOnOurSide`).
      for (const entry of batch) entry.reject(error);
      await this.state.cancel(token, now).catch(() => undefined);
      throw error;
    }
    if (!counted) {
      // Another instance took the day's last request meanwhile: back first in line, to wait for the next day.
      for (const entry of [...batch].reverse()) this.waiting[entry.priority].unshift(entry);
      await this.state.cancel(token, now);
      return;
    }
    // Each lookup's wait counts once: at its first sending, not again when retried or split.
    for (const entry of batch.filter((e) => e.attempts === 0 && e.maxBatch === undefined))
      this.options.onSent?.(entry.priority, now - entry.enqueuedAt);
    this.requests += 1;
    this.inFlight += 1;
    void this.send(batch, token).finally(() => {
      this.inFlight -= 1;
      this.kick();
    });
  }

  /** Another instance was told to slow down for long: people waiting here hear so at once. */
  private answerPeopleIfPausedLong(now: number): void {
    const pausedUntil = this.pausedUntil(now);
    if (pausedUntil - now <= this.maxInteractiveWaitMs) return;
    const answer = pausedError(this.id, pausedUntil, now);
    for (const entry of this.waiting.interactive.splice(0)) entry.resolve({ kind: 'failed', error: answer });
  }

  /**
   * Calls the carrier, records the request's end in the lane's state, then settles the batch: the end
   * is kept before anyone hears an answer, so a process that answers and exits leaves no slot taken.
   */
  private async send(batch: LaneEntry[], token: string): Promise<void> {
    const { adapter, clock, logger } = this.options;
    const result = await callCarrier(adapter, batch);
    const now = clock.now();
    if (result.kind === 'carrier')
      logger.warn({ err: result.error, adapter: adapter.id, numbers: batch.length }, 'carrier call failed');
    await this.state
      .ended(token, now, endOf(result, batch.length, now, this.options))
      .catch((error: unknown) => {
        // Its slot is freed when its lease runs out (`inFlightLeaseMs`).
        logger.warn({ err: error, adapter: adapter.id }, 'a request’s end could not be recorded');
      });
    if (result.kind === 'answered')
      for (const entry of batch)
        entry.resolve(result.outcomes.get(entry.request.number) ?? noAnswer(adapter.id));
    else if (result.kind === 'store') for (const entry of batch) entry.reject(result.error);
    else this.handleFailure(batch, result.error, now);
  }

  private handleFailure(batch: LaneEntry[], error: CarrierError, now: number): void {
    const { random } = this.options;
    const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (error.batchRefused && batch.length > 1) {
      requeueHalves(this.waiting, batch, now);
      return;
    }
    switch (error.code) {
      case 'rate_limited': {
        // The carrier said slow down: pause the whole lane, in every instance (`endOf`), and put the
        // batch back first in line. A person does not wait out a long pause: they hear at once when to
        // try again, and the chat stays responsive; background lookups wait.
        this.ownPauseUntil = Math.max(this.ownPauseUntil, now + pauseMsOf(error, this.options));
        const pausedUntil = this.pausedUntil(now);
        if (pausedUntil - now > this.maxInteractiveWaitMs) {
          const answer = pausedError(this.id, pausedUntil, now);
          for (const entry of batch.filter((e) => e.priority === 'interactive')) {
            entry.resolve({ kind: 'failed', error: answer });
          }
          this.answerPeopleIfPausedLong(now);
          batch = batch.filter((e) => e.priority !== 'interactive');
        }
        retryOrFail(this.waiting, batch, error, { now, minDelayMs: pausedUntil - now, maxAttempts });
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
      case 'timeout':
        retryOrFail(this.waiting, batch, error, { now, minDelayMs: 0, random, maxAttempts });
        return;
      default:
        for (const entry of batch) entry.resolve({ kind: 'failed', error });
    }
  }

  /**
   * The dispatch loop failed on Postie's side (a quota count or lane state the store cannot read or
   * keep): every lookup waiting fails with that error, so none waits for a store that may be away for
   * long; the next one tries again.
   */
  private failedOnOurSide(error: unknown): void {
    if (!isStoreUnavailable(error))
      this.options.logger.error({ err: error, adapter: this.id }, 'a carrier lane failed');
    for (const priority of ['interactive', 'background'] as const) {
      for (const entry of this.waiting[priority].splice(0)) entry.reject(error);
    }
  }

  private failAllWaiting(error: CarrierError): void {
    for (const priority of ['interactive', 'background'] as const) {
      for (const entry of this.waiting[priority].splice(0)) entry.resolve({ kind: 'failed', error });
    }
  }
}
