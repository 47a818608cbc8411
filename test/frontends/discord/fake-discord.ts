import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { choicesProblems, commandsProblems, messageProblems } from './discord-rules.js';
import { createFakeGateway, type FakeGateway } from './fake-gateway.js';
import { createFakeState, type FakeState, type Json, type StoredMessage } from './fake-state.js';

/** One REST request the fake received (the request log). */
export interface LoggedRequest {
  readonly method: string;
  /** Path under `/api/v10`, e.g. `/interactions/123/tok/callback`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** When it arrived (ms since the fake started, from `performance.now()`). */
  readonly at: number;
}

export interface FakeDiscord {
  /** `DISCORD_API_ROOT` for the client under test. */
  readonly apiRoot: string;
  readonly token: string;
  readonly applicationId: string;
  readonly state: FakeState;
  readonly gateway: FakeGateway;
  readonly requests: LoggedRequest[];
  /** Unknown routes, refused payloads and protocol mistakes: a test ends by expecting none. */
  readonly problems: () => string[];
  /** Now, on the clock of `LoggedRequest.at`. */
  now(): number;
  /**
   * Create Message in this channel answers with this JSON error code: 50007 (the user accepts no DMs),
   * 50001 (missing access), 50013 (missing permissions) with 403; 10003 (unknown channel) with 404,
   * and Get Channel too.
   */
  refuseChannel(channelId: string, code: number): void;
  /**
   * The next `times` requests whose `METHOD path` matches are never answered (a hung Discord), until
   * the client gives up or the fake closes. Paths are under `/api/v10`, e.g. `POST /channels/1/messages`.
   */
  hangNext(route: RegExp, times?: number): void;
  /**
   * The next request whose `METHOD path` matches is answered 429 with `Retry-After: retryAfterSeconds`
   * and the bucket's headers, none left, resetting after `resetAfterSeconds` (the same by default; a
   * sublimit resets its bucket sooner than its own wait), as Discord answers a request over a route's
   * limit (https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit).
   */
  rateLimitNext(route: RegExp, retryAfterSeconds: number, resetAfterSeconds?: number): void;
  /** Requests received and never answered, still open. */
  readonly hanging: number;
  /** Resolves with the first logged request (past or future) that matches. */
  waitForRequest(match: (r: LoggedRequest) => boolean, timeoutMs?: number): Promise<LoggedRequest>;
  close(): Promise<void>;
}

type Handler = (req: LoggedRequest, params: string[]) => [number, unknown?];

/**
 * Discord's REST API (v10) and gateway on one loopback port. Bot routes require `Authorization: Bot
 * <token>`; interaction and webhook routes are authorized by the interaction token in the path, as in
 * Discord. Every message body is held to Discord's limits (`discord-rules.ts`): a refused one answers
 * 400 / 50035 and is recorded as a problem.
 */
export async function startFakeDiscord(options: { heartbeatIntervalMs?: number } = {}): Promise<FakeDiscord> {
  const token = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake.token-for-tests-only';
  const state = createFakeState();
  const requests: LoggedRequest[] = [];
  const problems: string[] = [];
  const waiters: { match: (r: LoggedRequest) => boolean; resolve: (r: LoggedRequest) => void }[] = [];
  const started = performance.now();
  let base = '';
  const refusedChannels = new Map<string, number>();
  const hangs: { route: RegExp; remaining: number }[] = [];
  const limits: { route: RegExp; remaining: number; retryAfterSeconds: number; resetAfterSeconds: number }[] =
    [];
  const hanging = new Set<ServerResponse>();

  const refused = (what: string, found: string[]): [number, unknown] | undefined => {
    if (found.length === 0) return undefined;
    problems.push(...found.map((p) => `${what}: ${p}`));
    return [400, { code: 50035, message: 'Invalid Form Body', errors: found }];
  };
  const unknownInteraction: [number, unknown] = [404, { code: 10062, message: 'Unknown interaction' }];

  const bot: [string, RegExp, Handler][] = [
    ['GET', /^\/gateway\/bot$/, () => [200, gatewayInfo(base)]],
    ['GET', /^\/users\/@me$/, () => [200, state.botUser]],
    ['GET', /^\/applications\/(\d+)\/commands$/, () => [200, state.globalCommands]],
    ['PUT', /^\/applications\/(\d+)\/commands$/, (r) => putCommands(r.body, undefined)],
    ['PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (r, [, guild]) => putCommands(r.body, guild)],
    ['POST', /^\/channels\/(\d+)\/typing$/, () => [204]],
    ['GET', /^\/channels\/(\d+)$/, (_r, [channel = '']) => getChannel(channel)],
    [
      'POST',
      /^\/channels\/(\d+)\/messages$/,
      (r, [channel = '']) =>
        refusal(channel) ??
        refused('create message', messageProblems(r.body, true)) ?? [
          200,
          state.createMessage(channel, r.body, r.at),
        ],
    ],
  ];
  const open: [string, RegExp, Handler][] = [
    [
      'POST',
      /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      (r, [id, tok]) => callback(r, id ?? '', tok ?? ''),
    ],
    [
      'PATCH',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
      (r, [, tok, id]) => editWebhookMessage(r, tok ?? '', id ?? ''),
    ],
    [
      'DELETE',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      (_r, [, tok]) => deleteOriginal(tok ?? ''),
    ],
    ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (r, [, tok]) => followUp(r, tok ?? '')],
  ];

  /** https://discord.com/developers/docs/topics/opcodes-and-status-codes#json */
  function refusal(channel: string): [number, unknown] | undefined {
    const code = refusedChannels.get(channel);
    if (code === undefined) return undefined;
    const [status, message] = REFUSALS[code] ?? [403, 'Refused'];
    return [status, { code, message }];
  }

  /** https://discord.com/developers/docs/resources/channel#get-channel */
  function getChannel(channel: string): [number, unknown] {
    const found = refusedChannels.get(channel) === 10003 ? undefined : state.channel(channel);
    return found ? [200, found] : [404, { code: 10003, message: 'Unknown Channel' }];
  }

  function putCommands(body: unknown, guild: string | undefined): [number, unknown] {
    const bad = refused('commands', commandsProblems(body));
    if (bad) return bad;
    const stored = state.storeCommands(body, guild);
    return [200, stored];
  }

  /** https://discord.com/developers/docs/interactions/receiving-and-responding#create-interaction-response */
  function callback(r: LoggedRequest, id: string, tok: string): [number, unknown?] {
    const interaction = state.interactions.get(tok);
    if (!interaction || interaction.id !== id || r.at - interaction.dispatchedAt > 3000)
      return unknownInteraction;
    if (interaction.acknowledged)
      return [400, { code: 40060, message: 'Interaction has already been acknowledged.' }];
    const body = isJson(r.body) ? r.body : {};
    const data = isJson(body['data']) ? body['data'] : {};
    const type = body['type'];
    const check =
      type === 8 ? choicesProblems(data) : type === 4 || type === 7 ? messageProblems(data, type === 4) : [];
    const bad = refused(`callback type ${String(type)}`, check);
    if (bad) return bad;
    if (![4, 5, 6, 7, 8].includes(Number(type)))
      return refused('callback', [`unexpected type ${String(type)}`]) ?? [400];
    state.acknowledge(interaction, Number(type), data);
    return [204];
  }

  function editWebhookMessage(r: LoggedRequest, tok: string, id: string): [number, unknown] {
    const interaction = state.interactions.get(tok);
    const target =
      interaction && (id === '@original' ? state.originalOf(interaction) : state.messages.get(id));
    if (!interaction?.acknowledged || !target) return [404, { code: 10008, message: 'Unknown Message' }];
    return (
      refused('edit message', messageProblems(r.body, false)) ?? [200, state.editMessage(target, r.body)]
    );
  }

  function deleteOriginal(tok: string): [number, unknown?] {
    const interaction = state.interactions.get(tok);
    const target = interaction && state.originalOf(interaction);
    if (!target) return [404, { code: 10008, message: 'Unknown Message' }];
    state.messages.delete(target.id);
    return [204];
  }

  function followUp(r: LoggedRequest, tok: string): [number, unknown] {
    const interaction = state.interactions.get(tok);
    if (!interaction?.acknowledged) return unknownInteraction;
    const bad = refused('follow-up', messageProblems(r.body, true));
    return bad ?? [200, state.followUp(interaction, r.body)];
  }

  const gateway = createFakeGateway({
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    ready: () => state.readyPayload(base),
    guilds: () => state.guildPayloads(),
  });

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      problems.push(`fake crashed: ${String(error)}`);
      res.writeHead(500).end();
    });
  });
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const text = await readBody(req);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const logged: LoggedRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      at: performance.now() - started,
    };
    requests.push(logged);
    const hang = hangs.find((h) => h.remaining > 0 && h.route.test(`${logged.method} ${path}`));
    if (hang) {
      hang.remaining -= 1;
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    const limit = limits.find((l) => l.remaining > 0 && l.route.test(`${logged.method} ${path}`));
    if (limit) {
      limit.remaining -= 1;
      const retryAfter = limit.retryAfterSeconds;
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(retryAfter),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(limit.resetAfterSeconds),
          'x-ratelimit-bucket': 'fake-bucket',
          'x-ratelimit-scope': 'user',
        })
        .end(
          JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global: false }),
        );
      return;
    }
    const [status, body] = route(logged, req.headers.authorization, url.pathname.startsWith('/api/v10/'));
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
    for (const waiter of waiters.filter((w) => w.match(logged))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(logged);
    }
  }

  function route(r: LoggedRequest, auth: string | undefined, versioned: boolean): [number, unknown?] {
    for (const [routes, needsAuth] of [
      [bot, true],
      [open, false],
    ] as const) {
      for (const [method, pattern, handler] of routes) {
        const match = pattern.exec(r.path);
        if (!versioned || method !== r.method || !match) continue;
        if (needsAuth && auth !== `Bot ${token}`) return [401, { code: 0, message: '401: Unauthorized' }];
        return handler(r, match.slice(1));
      }
    }
    problems.push(`unexpected request ${r.method} ${r.path}`);
    return [404, { code: 0, message: '404: Not Found' }];
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiRoot: `http://${base}/api`,
    token,
    applicationId: state.applicationId,
    state,
    gateway,
    requests,
    problems: () => [...problems, ...gateway.problems],
    now: () => performance.now() - started,
    refuseChannel: (channelId, code) => void refusedChannels.set(channelId, code),
    hangNext: (route, times = 1) => void hangs.push({ route, remaining: times }),
    rateLimitNext: (route, retryAfterSeconds, resetAfterSeconds = retryAfterSeconds) =>
      void limits.push({ route, remaining: 1, retryAfterSeconds, resetAfterSeconds }),
    get hanging() {
      return hanging.size;
    },
    waitForRequest(match, timeoutMs = 5000) {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no such request arrived')), timeoutMs);
        waiters.push({
          match,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        });
      });
    },
    async close() {
      gateway.close();
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The refusals the fake can give, with Discord's status and message for each code. */
const REFUSALS: Readonly<Record<number, readonly [number, string]>> = {
  10003: [404, 'Unknown Channel'],
  10013: [404, 'Unknown User'],
  50001: [403, 'Missing Access'],
  50007: [403, 'Cannot send messages to this user'],
  50013: [403, 'Missing Permissions'],
};

/** https://discord.com/developers/docs/events/gateway#get-gateway-bot */
function gatewayInfo(base: string): Json {
  return {
    url: `ws://${base}/gateway`,
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
  };
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

export type { StoredMessage };
