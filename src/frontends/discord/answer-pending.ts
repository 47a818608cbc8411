import { type Client, InteractionWebhook, Routes } from 'discord.js';
import type { KeyedLock } from '../../collections/keyed-lock.js';
import type { BotCore } from '../../core/bot-core.js';
import type { Logger } from '../../logger.js';
import type { Clock } from '../../time/clock.js';
import { logFailure } from './discord-errors.js';
import {
  actionOf,
  INTERACTION_TOKEN_MS,
  incomingOf,
  type PendingInteraction,
  type PendingInteractions,
} from './pending-interactions.js';
import { buttonResponder, commandResponder, type DeferredReply } from './responders.js';

/** Which run owns a pending interaction, and whether an owner is gone (`store/instance-presence.ts`). */
interface InteractionOwners {
  gone(owner: string | undefined): Promise<boolean>;
}

export interface AnswerPendingDeps {
  /** Its REST client, with the token set: answering needs no gateway. */
  readonly client: Client;
  readonly applicationId: string;
  readonly core: BotCore;
  readonly pending: PendingInteractions;
  readonly logger: Logger;
  /** Real time: what the token's 15 minutes are measured on. */
  readonly clock: Clock;
  /** Whether a shutdown gave up on the calls under way: what is left stays pending. */
  readonly givenUp: () => boolean;
  /** @defaultValue one process: whatever is pending at start was left by an earlier run */
  readonly owners?: InteractionOwners;
  /** Excludes instances claiming what a dead one left, so one of them answers it. @defaultValue none */
  readonly lock?: KeyedLock;
}

/**
 * The pending interactions whose owner is gone (a run that stopped or died), each claimed for this run
 * before another instance looks: under `lock`, so two instances never claim the same one.
 */
async function claimLeft(deps: AnswerPendingDeps): Promise<PendingInteraction[]> {
  const claim = async () => {
    const left: PendingInteraction[] = [];
    for (const pending of await deps.pending.list()) {
      if (deps.owners && !(await deps.owners.gone(pending.owner))) continue;
      if (deps.owners) await deps.pending.claim(pending);
      left.push(pending);
    }
    return left;
  };
  return deps.lock ? deps.lock.withLock('discord-adopt', claim) : claim();
}

/**
 * A token this close to its end is not used: the answer might not be finished in time. Lookups wait
 * for carriers for up to a minute.
 */
const TOKEN_MARGIN_MS = 60_000;

/**
 * Answers the slash commands and button presses an earlier run deferred and never answered (a crash, a
 * shutdown that gave up), oldest first (only those whose owner is gone: another live instance answers
 * its own), by editing each deferred reply (a command's answer, a button's
 * message) through the interaction's webhook while its token is valid. One whose token has run out is forgotten, logged at info (the person sees "The application
 * did not respond" and can ask again).
 */
export async function answerPending(deps: AnswerPendingDeps): Promise<void> {
  const left = await claimLeft(deps);
  if (left.length > 0)
    deps.logger.info(
      { interactions: left.length },
      'answering the Discord interactions an instance that stopped left pending',
    );
  for (const pending of left) {
    if (deps.givenUp()) return;
    if (deps.clock.now() >= pending.receivedAt + INTERACTION_TOKEN_MS - TOKEN_MARGIN_MS) {
      deps.logger.info(
        { interaction: pending.kind },
        'a pending Discord interaction is too old to answer: dropped',
      );
      await finish(pending, deps);
      continue;
    }
    try {
      await answerOne(pending, deps);
    } catch (error) {
      logFailure(deps.logger, error, { interaction: pending.kind, pending: true });
    }
    if (!deps.givenUp()) await finish(pending, deps);
  }
}

/** Forgets one answered (or too old) interaction; a store failure is a log line, and the next one is answered. */
async function finish(pending: PendingInteraction, deps: AnswerPendingDeps): Promise<void> {
  await deps.pending
    .finish(pending.id)
    .catch((error: unknown) => logFailure(deps.logger, error, { interaction: pending.kind, pending: true }));
}

async function answerOne(pending: PendingInteraction, deps: AnswerPendingDeps): Promise<void> {
  // The webhook uses the client's REST only (no gateway): typed for a logged-in client, it works without.
  const webhook = new InteractionWebhook(deps.client as Client<true>, deps.applicationId, pending.token);
  const reply: DeferredReply = {
    editReply: (message) => webhook.editMessage('@original', message),
    deleteReply: () =>
      deps.client.rest.delete(Routes.webhookMessage(deps.applicationId, pending.token, '@original'), {
        auth: false,
      }),
    followUp: (message) => webhook.send(message),
  };
  if (pending.kind === 'command') {
    const responder = commandResponder(reply, pending.command.name, pending.personal, deps.logger);
    await deps.core.handleMessage(incomingOf(pending), responder.respond);
    await responder.finish();
    return;
  }
  const action = actionOf(pending);
  if (!action) return;
  const responder = buttonResponder(reply, pending, deps.logger);
  await deps.core.handleAction(action, responder.respond);
  await responder.finish();
}
