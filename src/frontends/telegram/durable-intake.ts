import { randomUUID } from 'node:crypto';
import type { Update } from 'telegraf/types';
import type { KeyedLock } from '../../collections/keyed-lock.js';
import { isStoreUnavailable } from '../../domain/store-unavailable.js';
import type { Logger } from '../../logger.js';
import type { PendingUpdate, PendingUpdates } from './pending-updates.js';
import { loggableError } from './telegram-errors.js';
import type { IntakeOutcome } from './update-intake.js';
import { UpdateSchema } from './update-schema.js';

/**
 * How many times a pending update's handling may begin before it is given up (logged at error):
 * an update that crashes Postie, or fails every time, cannot hold up its chat forever.
 */
const MAX_TRIES = 5;

/** Which process run owns a pending update, and whether an owner is gone (`store/instance-presence.ts`). */
interface UpdateOwners {
  readonly self: string;
  gone(owner: string | undefined): Promise<boolean>;
}

/** One process, nothing shared: whatever is pending and not in flight here was left by an earlier run. */
function soleRun(): UpdateOwners {
  const self = `run#${randomUUID()}`;
  return { self, gone: async (owner) => owner !== self };
}

export interface DurableIntakeDeps {
  readonly pending: PendingUpdates;
  /** @defaultValue one process: every update pending at start was left by an earlier run */
  readonly owners?: UpdateOwners;
  /**
   * Excludes instances adopting what a dead one left, so that one of them answers it.
   * @defaultValue none: one process
   */
  readonly lock?: KeyedLock;
  /** Hands one update to the chat queues (the update intake's `accept`); settles once it is over. */
  readonly handle: (update: Update) => Promise<IntakeOutcome>;
  readonly logger: Logger;
  /** @defaultValue {@link MAX_TRIES} */
  readonly maxTries?: number;
}

export interface DurableIntake {
  /**
   * Takes one update from Telegram: `unreadable` ones (not as the Bot API documents them) and `copy`s
   * (an update id pending or handled already: a webhook call Telegram sent again, an overlapping
   * getUpdates) are ignored; any other is recorded as pending, then handed on. Resolves once that is
   * durable: only then may Telegram be told the update arrived. Rejects, with the store's error, when
   * it could not be recorded: Telegram must not be told, and sends it again (while the store is away,
   * the first time an update is refused it is handed on unrecorded all the same, for the chat to hear
   * "temporarily unavailable"). The updates an earlier run left pending are handed on before the first
   * one taken.
   */
  take(update: Update): Promise<'taken' | 'copy' | 'unreadable'>;
  /**
   * Hands on what an earlier run left pending, in update id order (so each chat's order holds), each
   * with one more try counted and this run as its owner; once, or again after it failed. Only updates
   * whose owner is gone (`owners.gone`): another live instance's updates in flight are its own to
   * answer. Rejects with the store's error.
   */
  replay(): Promise<void>;
  /**
   * Looks again for updates whose owner has died since (another instance, killed while handling them)
   * and hands them on as `replay` does. Rejects with the store's error.
   */
  adopt(): Promise<void>;
  /** Resolves once every update handed on is over and its record settled. */
  idle(): Promise<void>;
}

/**
 * The Telegram intake made durable: an update is acknowledged only once it is recorded in the store
 * (`pending-updates.ts`), and forgotten only once it has been handled. Whatever a crash interrupts is
 * still pending at the next start and is answered then; an answer sent just before the crash, before
 * its update was marked handled, is sent once more.
 *
 * An update whose handling fails (an error reached the error boundary) stays pending and is tried again
 * at the next start; one a shutdown gave up on, too. After {@link MAX_TRIES} begun handlings it is given
 * up. A handled update that cannot be marked so (the store went away) is not handled again by this run.
 */
export function createDurableIntake(deps: DurableIntakeDeps): DurableIntake {
  const maxTries = deps.maxTries ?? MAX_TRIES;
  const owners = deps.owners ?? soleRun();
  /** Updates this run has handed on and not yet marked handled: a copy of one is ignored at once. */
  const inFlight = new Set<number>();
  const running = new Set<Promise<void>>();
  /** Updates handed on unrecorded while the store was away (see `tellAway`), until one is recorded. */
  const toldAway = new Set<number>();
  let replaying: Promise<void> | undefined;

  async function finish(updateId: number): Promise<void> {
    try {
      await deps.pending.finish(updateId);
      inFlight.delete(updateId);
    } catch (error) {
      deps.logger.warn(
        { error: loggableError(error), updateId },
        'a handled Telegram update could not be marked handled: it may be answered again after a restart',
      );
    }
  }

  async function run(update: Update): Promise<void> {
    const outcome = await deps.handle(update);
    if (outcome === 'dropped') return;
    // An inline query is answered now or never: Telegram drops its id within seconds, so a failed one is
    // finished like a handled one rather than tried again at the next start.
    if (outcome === 'failed' && !('inline_query' in update)) {
      deps.logger.warn(
        { updateId: update.update_id },
        'a failed Telegram update stays pending: it is tried again at the next start',
      );
      return;
    }
    await finish(update.update_id);
  }

  const handOn = (update: Update) => {
    inFlight.add(update.update_id);
    const work = run(update).finally(() => running.delete(work));
    running.add(work);
  };

  async function replayPending(): Promise<void> {
    const { updates, unreadable } = await deps.pending.list();
    for (const key of unreadable) {
      deps.logger.error({ updateId: key }, 'a pending Telegram update is unreadable: dropped');
      await deps.pending.drop(key);
    }
    const left: PendingUpdate[] = [];
    for (const pending of updates)
      if (!inFlight.has(pending.update.update_id) && (await owners.gone(pending.owner))) left.push(pending);
    if (left.length > 0)
      deps.logger.info(
        { updates: left.length },
        'answering the Telegram updates an instance that stopped left pending',
      );
    for (const pending of left) await replayOne(pending);
  }

  /** One instance at a time adopts what the dead left: each update gets its new owner before the next looks. */
  const adoptLeft = () => (deps.lock ? deps.lock.withLock('telegram-adopt', replayPending) : replayPending());

  async function replayOne(pending: PendingUpdate): Promise<void> {
    const updateId = pending.update.update_id;
    if (pending.tries >= maxTries) {
      deps.logger.error(
        { updateId, tries: pending.tries },
        'a Telegram update was never handled in its tries: given up',
      );
      await deps.pending.finish(updateId);
      return;
    }
    await deps.pending.countTry(pending, owners.self);
    handOn(pending.update);
  }

  const replay = (): Promise<void> => {
    replaying ??= adoptLeft().catch((error: unknown) => {
      replaying = undefined;
      throw error;
    });
    return replaying;
  };

  /**
   * The store is away: the update cannot be recorded, and Telegram is not told it arrived. It is handed
   * on all the same, once, so the chat hears "temporarily unavailable" (the core cannot read the chat
   * either) instead of nothing; once the store is back, Telegram's next copy is recorded and answered.
   */
  function tellAway(update: Update, error: unknown): void {
    if (!isStoreUnavailable(error) || toldAway.has(update.update_id)) return;
    toldAway.add(update.update_id);
    void deps.handle(update);
  }

  async function record(update: Update): Promise<'taken' | 'copy'> {
    await replay();
    const updateId = update.update_id;
    if (inFlight.has(updateId)) return 'copy';
    inFlight.add(updateId);
    let recorded: 'recorded' | 'known';
    try {
      recorded = await deps.pending.record(update, owners.self);
    } catch (error) {
      inFlight.delete(updateId);
      throw error;
    }
    toldAway.delete(updateId);
    if (recorded === 'known') {
      inFlight.delete(updateId);
      deps.logger.debug({ updateId }, 'a Telegram update sent again, ignored');
      return 'copy';
    }
    handOn(update);
    return 'taken';
  }

  return {
    async take(update) {
      if (!UpdateSchema.safeParse(update).success) {
        deps.logger.warn(
          { updateId: update.update_id },
          'a Telegram update not as the Bot API documents it, ignored',
        );
        return 'unreadable';
      }
      try {
        return await record(update);
      } catch (error) {
        tellAway(update, error);
        throw error;
      }
    },
    replay,
    async adopt() {
      await replay();
      await adoptLeft();
    },
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
