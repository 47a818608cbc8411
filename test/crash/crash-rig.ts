import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Update } from 'telegraf/types';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { pendingUpdatesOn } from '../../src/frontends/telegram/pending-updates.js';
import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';
import { type FakeTelegram, startFakeTelegram } from '../frontends/telegram/fake-telegram.js';
import { groupChat, privateChat, TOKEN, user } from '../frontends/telegram/telegram-harness.js';
import { COMMANDS, type CommandKind, createLedger, type Ledger } from './crash-ledger.js';

/**
 * Postie as a child process killed with SIGKILL and started again, against carrier sandboxes and a fake
 * Bot API in the parent. Time is the parent's: a manual clock the sandboxes read and the child is told
 * (`postie-process.ts`), moved only by `moveUntil`, and only once the child has caught up with the last
 * move, so a loaded machine slows the run down without changing what happens in it.
 *
 * After every kill, before the next start, the rig checks the intake's promise: every command sent is
 * answered, still pending in the store, or still unconfirmed at Telegram. A breach is kept in `breaches`.
 */

export interface CrashChat {
  readonly id: number;
  readonly group: boolean;
}

/** How to start the child: `node --import tsx postie-process.ts`, or its compiled `.js`. */
interface ChildCommand {
  readonly args: readonly string[];
}

export interface CrashRigOptions {
  readonly storeUrl: string;
  readonly child: ChildCommand;
  /** @defaultValue 'warn' */
  readonly logLevel?: string;
}

export interface CrashRig {
  readonly clock: ManualClock;
  /** When the sandboxes started: their parcels' timelines count from it. */
  readonly startedAt: number;
  readonly fake: FakeTelegram;
  readonly sandboxes: RunningSandboxes;
  readonly ledger: Ledger;
  readonly kills: number;
  /** What the checks after kills found: commands neither answered, pending nor unconfirmed. */
  readonly breaches: readonly string[];
  /** Starts Postie (again); resolves once it has started. */
  start(): Promise<void>;
  /** SIGKILL, then the check; the next `start` is the caller's. */
  kill(): Promise<void>;
  /** Moves time on by `stepMs` at a time, each once the child has caught up, until `check` holds. */
  moveUntil<T>(
    check: () => T | undefined | false,
    options?: { stepMs?: number; timeoutMs?: number },
  ): Promise<T>;
  /** A user in `chat` sends `text` (a command the ledger counts); returns the update. */
  say(chat: CrashChat, text: string): Update;
  close(): Promise<void>;
}

export async function startCrashRig(
  chats: readonly CrashChat[],
  options: CrashRigOptions,
): Promise<CrashRig> {
  const startedAt = Date.UTC(2026, 10, 24, 8);
  const clock = createManualClock(startedAt);
  const sandboxes = await startSandboxes({ clock, enforceLimits: false });
  const fake = await startFakeTelegram({ token: TOKEN });
  const ledger = createLedger(fake, (chat, text) =>
    fake.userSays(chat.group ? groupChat(chat.id) : privateChat(chat.id), user(Math.abs(chat.id)), text),
  );
  const env = {
    ...process.env,
    ...sandboxes.env,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    STORE_URL: options.storeUrl,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: options.logLevel ?? 'warn',
    // On Redis, a killed run's polling lease and presence outlive it by a lease (real time): the
    // shortest one lets each start take over within seconds.
    FRONTEND_LEASE_MS: '3000',
  };
  let child: ChildProcess | undefined;
  /** The time the child last said it has caught up with. */
  let childAt = 0;
  let kills = 0;
  const breaches: string[] = [];

  async function start(): Promise<void> {
    if (child) throw new Error('Postie is already running');
    const started = spawn(process.execPath, [...options.child.args, String(clock.now())], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child = started;
    childAt = clock.now();
    started.on('message', (message: { at?: number }) => {
      if (started === child && typeof message.at === 'number') childAt = Math.max(childAt, message.at);
    });
    let stderr = '';
    started.stderr?.on('data', (chunk) => {
      stderr = (stderr + String(chunk)).slice(-4000);
    });
    await new Promise<void>((resolve, reject) => {
      started.stdout?.on('data', (chunk) => {
        if (String(chunk).includes('ready')) resolve();
      });
      started.once('exit', (code) =>
        reject(new Error(`Postie exited (${code}) before it was ready: ${stderr}`)),
      );
    });
  }

  /** SIGKILL; resolves once it has exited. Whether it was running. */
  async function terminate(): Promise<boolean> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return false;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
    return true;
  }

  async function kill(): Promise<void> {
    if (!(await terminate())) throw new Error('Postie was not running');
    kills += 1;
    await checkNothingLost();
  }

  /** Every command: answered, pending in the store, or unconfirmed at Telegram (per chat and kind, by count). */
  async function checkNothingLost(): Promise<void> {
    const store = await openStoreBackend(options.storeUrl);
    let pendingIds: Set<number>;
    try {
      await store.ready(AbortSignal.timeout(10_000));
      const { updates } = await pendingUpdatesOn(store).list();
      pendingIds = new Set(updates.map((p) => p.update.update_id));
    } finally {
      await store.close();
    }
    for (const id of fake.unconfirmed().map((u) => u.update_id)) pendingIds.add(id);
    for (const chat of chats) {
      const counts = ledger.commands(chat.id);
      for (const kind of Object.keys(COMMANDS) as CommandKind[]) {
        const waiting = ledger
          .sentUpdates(chat.id)
          .filter((s) => s.kind === kind && pendingIds.has(s.update.update_id)).length;
        const { sent, answered } = counts[kind];
        if (answered + waiting < sent)
          breaches.push(
            `kill ${kills}: chat ${chat.id} /${kind}: ${sent} sent, ${answered} answered, ${waiting} pending`,
          );
      }
    }
  }

  async function moveUntil<T>(
    check: () => T | undefined | false,
    { stepMs = 5 * 60_000, timeoutMs = 60_000 }: { stepMs?: number; timeoutMs?: number } = {},
  ): Promise<T> {
    return fake.waitFor(() => {
      const value = check();
      if (value) return value;
      if (child?.connected && childAt >= clock.now()) {
        void clock.advance(stepMs);
        child.send({ now: clock.now() }, (error) => {
          if (error) breaches.push(`Postie could not be told the time: ${error.message}`);
        });
      }
      return undefined;
    }, timeoutMs);
  }

  return {
    clock,
    startedAt,
    fake,
    sandboxes,
    ledger,
    get kills() {
      return kills;
    },
    breaches,
    start,
    kill,
    moveUntil,
    say: (chat, text) => ledger.say(chat, text),
    async close() {
      await terminate();
      await Promise.all([fake.close(), sandboxes.close()]);
    },
  };
}
