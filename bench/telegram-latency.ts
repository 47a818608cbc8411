/**
 * Reply latency of the Telegram front-end: from an update reaching the Bot API (our fake, on loopback)
 * to the bot's sendMessage arriving there, for 50 `/track` messages answered by the carrier sandboxes
 * (real adapters, the real queue with its lane limits; sandbox limits off). Beside it, in the same run,
 * the core alone (message in → first `respond`) on the same numbers, and the front-end with a core that
 * answers at once, so the front-end's own share shows.
 *
 * - one at a time: each message is sent once the previous one is answered (a quiet bot);
 * - a burst: all 50 at once from 50 chats (a busy minute compressed into an instant).
 */
import {
  CROSS_BORDER,
  DELIVERED,
  LOCKER,
  OUT_FOR_DELIVERY,
  RETURNED,
  SEED_PARCEL,
  SEED_TRACKING_EXAMPLE,
} from '../src/carriers/fuuffy/sandbox-parcels.js';
import {
  BULK_NUMBERS,
  EMS_TO_UK,
  PARCEL_AWAITING_COLLECTION,
  RETURNED_TO_SENDER,
  SEED_DELIVERED,
} from '../src/carriers/hongkong-post/sandbox-parcels.js';
import { NZPOST_SANDBOX_NUMBERS as NZ } from '../src/carriers/nz-post/sandbox-parcels.js';
import type { BotCore } from '../src/core/bot-core.js';
import { createLogger } from '../src/logger.js';
import { privateChat, startTelegram, user } from '../test/frontends/telegram/telegram-harness.js';
import { startBotRig } from '../test/helpers/bot-rig.js';
import { formatSeconds, printTable } from './measure.js';

/** 34 Hongkong Post, 9 NZ Post and 7 Fuuffy (SF Express) parcels: 50 lookups, none repeated. */
const NUMBERS: readonly string[] = [
  ...BULK_NUMBERS,
  SEED_DELIVERED,
  EMS_TO_UK,
  PARCEL_AWAITING_COLLECTION,
  RETURNED_TO_SENDER,
  NZ.seedRequest,
  NZ.seedPickedUp,
  NZ.seedOutForDelivery,
  NZ.deliveredSigned,
  NZ.daylightSaving,
  NZ.international,
  NZ.attemptedThenCollect,
  NZ.awaitingCollection,
  NZ.ruralDelivery,
  SEED_PARCEL,
  SEED_TRACKING_EXAMPLE,
  DELIVERED,
  OUT_FOR_DELIVERY,
  RETURNED,
  CROSS_BORDER,
  LOCKER,
];

const silent = createLogger({ level: 'silent', pretty: false });

export interface LatencyFigures {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function figures(samplesMs: readonly number[]): LatencyFigures {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** Through telegraf: update pushed to the fake Bot API → that chat's first sendMessage arrives there. */
async function throughTelegram(core: BotCore, burst: boolean): Promise<number[]> {
  const tg = await startTelegram({ core, logger: silent });
  const answered = (chatId: number) =>
    tg.fake.calls.some((c) => c.method === 'sendMessage' && c.body['chat_id'] === chatId);
  const one = async (n: string, i: number) => {
    const chatId = 500_000 + i;
    const started = performance.now();
    tg.fake.userSays(privateChat(chatId), user(chatId), `/track ${n}`);
    await tg.fake.waitFor(() => answered(chatId), 60_000);
    return performance.now() - started;
  };
  try {
    if (burst) return await Promise.all(NUMBERS.map(one));
    const samples: number[] = [];
    for (const [i, n] of NUMBERS.entries()) samples.push(await one(n, i));
    return samples;
  } finally {
    await tg.close();
  }
}

/** The core alone: handleMessage → its first respond. */
async function coreAlone(core: BotCore, burst: boolean): Promise<number[]> {
  const one = (n: string, i: number) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const chat = { platform: 'telegram' as const, id: String(600_000 + i), kind: 'private' as const };
      let first = true;
      core
        .handleMessage(
          {
            chat,
            user: { id: chat.id },
            text: `/track ${n}`,
            command: { name: 'track', args: n },
            addressedToBot: true,
          },
          async () => {
            if (first) resolve(performance.now() - started);
            first = false;
          },
        )
        .catch(reject);
    });
  if (burst) return Promise.all(NUMBERS.map(one));
  const samples: number[] = [];
  for (const [i, n] of NUMBERS.entries()) samples.push(await one(n, i));
  return samples;
}

/** A core that answers at once (the real /help reply): what is left is the front-end's own latency. */
const instantCore = (core: BotCore): BotCore => ({
  ...core,
  handleMessage: (_message, respond) =>
    respond(
      core.renderer.message('help', { locale: 'en', timeZone: 'UTC', now: Date.now(), chatKind: 'private' }),
    ),
});

/** Each measurement on a fresh rig, so no answer comes from an earlier run's cache. */
async function measure(run: (core: BotCore) => Promise<number[]>): Promise<LatencyFigures> {
  const rig = await startBotRig();
  try {
    return figures(await run(rig.core));
  } finally {
    await rig.close();
  }
}

/** Prints the table and returns the figures (ms). */
export async function telegramLatencySuite(): Promise<Record<string, LatencyFigures>> {
  console.log(`## Telegram reply latency: ${NUMBERS.length} /track messages, carrier sandboxes on loopback`);
  const results: Record<string, LatencyFigures> = {
    'core alone, one at a time': await measure((core) => coreAlone(core, false)),
    'telegram, one at a time': await measure((core) => throughTelegram(core, false)),
    'core alone, burst of 50': await measure((core) => coreAlone(core, true)),
    'telegram, burst of 50': await measure((core) => throughTelegram(core, true)),
    'telegram, instant core, one at a time': await measure((core) =>
      throughTelegram(instantCore(core), false),
    ),
    'telegram, instant core, burst of 50': await measure((core) => throughTelegram(instantCore(core), true)),
  };
  const ms = (v: number) => formatSeconds(v / 1000);
  printTable(
    ['path', 'p50', 'p99', 'max'],
    Object.entries(results).map(([name, f]) => [name, ms(f.p50), ms(f.p99), ms(f.max)]),
  );
  console.log();
  return results;
}
