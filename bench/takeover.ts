/**
 * `npm run bench -- takeover [--rounds N] [--graceful N] [--lease MS]`: how long the front-ends held by one instance
 * (Telegram long polling, the Discord gateway) stay unserved when the instance holding them is killed.
 *
 * Two real `postie start` processes (the compiled CLI) share a redis-server the benchmark starts, with
 * the carrier sandboxes, the fake Telegram Bot API (long polling) and the fake Discord (REST and
 * gateway) in this process. Each round kills the instance holding the leases with SIGKILL (no release:
 * the lease runs out on Redis's clock), sends a Telegram message at once, and measures in real time
 * until the other instance's first getUpdates, until that message is answered, until the other
 * instance identifies on the Discord gateway, and how long a slash command sent then takes to be
 * answered. The killed instance is started again (a new run) before the next round, so the roles swap;
 * each kill comes after a random pause of up to a third of the lease (seeded), so it falls anywhere
 * between the holder's renewals. Then `--graceful` rounds (default 2) stop the holder with SIGTERM
 * instead: it releases its leases, and the other takes over at its next try.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxes } from '../src/carriers/sandboxes.js';
import { ENV_KEYS } from '../src/config.js';
import { systemClock } from '../src/time/clock.js';
import { slashCommand } from '../test/frontends/discord/discord-payloads.js';
import { startFakeDiscord } from '../test/frontends/discord/fake-discord.js';
import { startFakeTelegram } from '../test/frontends/telegram/fake-telegram.js';
import { privateChat, TOKEN, user } from '../test/frontends/telegram/telegram-harness.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { formatSeconds, printTable, seededRandom } from './measure.js';

// Compiled to dist-bench/bench/: the package's own build is two folders up.
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'index.js');
const DEFAULT_ROUNDS = 5;
const DEFAULT_LEASE_MS = 15_000;
/** Rounds after the SIGKILL ones where the holder is stopped with SIGTERM (it releases its leases). */
const DEFAULT_GRACEFUL = 2;
const LOOK_MS = 20;

interface Instance {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
}

interface Readyz {
  readonly instance?: string;
  readonly leases?: Record<string, { state: string }>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (real time) until `check` holds, looking every 20 ms; the time it took, in ms. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await pause(LOOK_MS);
  }
  return performance.now() - started;
}

async function readyz(instance: Instance): Promise<Readyz> {
  try {
    return (await (await fetch(`http://127.0.0.1:${instance.port}/readyz`)).json()) as Readyz;
  } catch {
    return {};
  }
}

const holds = async (instance: Instance, frontend: string) =>
  (await readyz(instance)).leases?.[frontend]?.state === 'held';

/** Starts `postie start`; resolves once it says it runs (rejects if it exits first, or after a minute). */
function spawnPostie(name: string, env: Record<string, string>): Promise<Instance> {
  const inherited = { ...process.env };
  for (const key of ENV_KEYS) delete inherited[key];
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: mkdtempSync(join(tmpdir(), 'postie-takeover-')),
    env: { ...inherited, ...env, INSTANCE_ID: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => {
    errors = (errors + String(chunk)).slice(-4_000);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const line = out.split('\n').find((l) => l.includes('"Postie is running"'));
      if (line) {
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ name, child, port: Number((JSON.parse(line) as { port: number }).port) });
      }
    });
    setTimeout(() => reject(new Error(`${name} did not start within a minute:\n${errors}`)), 60_000).unref();
    child.once('exit', (code) =>
      reject(new Error(`${name} exited (${code}) before it ran:\n${out}\n${errors}`)),
    );
  });
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function takeoverSuite(): Promise<void> {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : undefined;
  };
  const rounds = arg('--rounds') ?? DEFAULT_ROUNDS;
  const leaseMs = arg('--lease') ?? DEFAULT_LEASE_MS;
  const graceful = arg('--graceful') ?? DEFAULT_GRACEFUL;
  console.log(
    `\n## Takeover: two postie start processes on one Redis, the lease holder killed (SIGKILL) at a random moment, lease ${leaseMs} ms, ${rounds} rounds, then ${graceful} stopped with SIGTERM\n`,
  );
  const redis = await startRedisServer();
  const sandboxes = await startSandboxes({ clock: systemClock, enforceLimits: false });
  const telegram = await startFakeTelegram({ token: TOKEN });
  const discord = await startFakeDiscord();
  const env = {
    ...sandboxes.env,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_ROOT: discord.apiRoot,
    STORE_URL: redis.url,
    HTTP_PORT: '0',
    // Info: the line saying it runs carries its port.
    LOG_LEVEL: 'info',
    FRONTEND_LEASE_MS: String(leaseMs),
  };
  const random = seededRandom(13);
  const running: Instance[] = [];
  const rows: string[][] = [];
  const stopped = {
    polling: [] as number[],
    answered: [] as number[],
    gateway: [] as number[],
    slash: [] as number[],
  };
  const figures = {
    polling: [] as number[],
    answered: [] as number[],
    gateway: [] as number[],
    slash: [] as number[],
  };
  try {
    // The first holds both leases before the second starts; each restart joins as the waiting one.
    running.push(await spawnPostie('postie-a', env));
    await until(
      async () =>
        (await holds(running[0] as Instance, 'telegram')) && (await holds(running[0] as Instance, 'discord')),
    );
    running.push(await spawnPostie('postie-b', env));
    await until(async () => (await readyz(running[1] as Instance)).leases?.['telegram']?.state === 'waiting');
    const plan: NodeJS.Signals[] = [
      ...Array.from({ length: rounds }, () => 'SIGKILL' as const),
      ...Array.from({ length: graceful }, () => 'SIGTERM' as const),
    ];
    for (const [index, signal] of plan.entries()) {
      const round = index + 1;
      const [holder, other] = (await holds(running[0] as Instance, 'telegram'))
        ? [running[0] as Instance, running[1] as Instance]
        : [running[1] as Instance, running[0] as Instance];
      await until(() => holds(holder, 'discord'));
      // A kill at a random moment of the beat: the takeover time depends on where it falls between the
      // holder's renewals and the other instance's tries.
      await pause(random() * (leaseMs / 3));
      const identified = discord.gateway.identifies.length;
      const chatId = 9_700 + round;
      const killedAt = Date.now();
      holder.child.kill(signal);
      telegram.userSays(privateChat(chatId), user(chatId), '/help');
      const [polling, answered, gateway] = await Promise.all([
        // A long poll (a stopping holder's last call, confirming the offset, waits for nothing).
        until(() =>
          telegram.calls.some(
            (c) => c.method === 'getUpdates' && c.at > killedAt && Number(c.body['timeout']) > 0,
          ),
        ),
        until(() => telegram.messagesIn(chatId).some((m) => m.fromBot)),
        until(() => discord.gateway.identifies.length > identified),
      ]);
      await until(() => holds(other, 'discord'));
      const command = slashCommand(discord, 'help', {});
      const slash = await until(() =>
        discord.requests.some((r) => r.method === 'PATCH' && r.path.includes(`/${command.token}/messages/`)),
      );
      const kept = signal === 'SIGKILL' ? figures : stopped;
      kept.polling.push(polling);
      kept.answered.push(answered);
      kept.gateway.push(gateway);
      kept.slash.push(slash);
      rows.push([
        String(round),
        signal,
        `${holder.name} → ${other.name}`,
        formatSeconds(polling / 1000),
        formatSeconds(answered / 1000),
        formatSeconds(gateway / 1000),
        formatSeconds(slash / 1000),
      ]);
      // The killed one comes back as a new run, and waits.
      running.splice(running.indexOf(holder), 1);
      const back = await spawnPostie(holder.name, env);
      running.push(back);
      await until(async () => (await readyz(back)).leases?.['telegram']?.state === 'waiting');
    }
    printTable(
      [
        'round',
        'signal',
        'stopped → taking over',
        'getUpdates again',
        '/help answered',
        'gateway IDENTIFY',
        'slash answered',
      ],
      rows,
    );
    const line = (name: string, values: readonly number[]) =>
      `${name}: median ${formatSeconds(median(values) / 1000)}, max ${formatSeconds(Math.max(...values) / 1000)}`;
    console.log(
      `\n${line('Telegram polling taken over', figures.polling)}; ${line('message sent at the kill answered', figures.answered)}`,
    );
    console.log(
      `${line('Discord gateway taken over', figures.gateway)}; 409s seen by the fake: ${telegram.conflicts}`,
    );
    if (graceful > 0)
      console.log(
        `After SIGTERM (the lease released): ${line('Telegram polling taken over', stopped.polling)}; ${line('Discord gateway', stopped.gateway)}`,
      );
    console.log(
      `Bound: the lease (${formatSeconds(leaseMs / 1000)}) plus one try interval (${formatSeconds(leaseMs / 3000)}), from the holder's last renewal.`,
    );
  } finally {
    for (const instance of running) instance.child.kill('SIGKILL');
    await telegram.close();
    await discord.close();
    await sandboxes.close();
    await redis.stop();
  }
}
