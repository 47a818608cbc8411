import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, MIN_EXACT_SECRET_LENGTH, REDACTED, scrubSecrets } from '../src/logger.js';

const TELEGRAM_TOKEN = '987654321:AAH-canaryTelegramTokenValue_0123456789';
const CONFIGURED_SECRET = 'canary-configured-secret';

/** Every string that must never reach the output. */
const CANARIES = [
  TELEGRAM_TOKEN,
  'canaryTelegramTokenValue',
  'canaryBearerToken',
  'canaryApiKey',
  'canaryuser',
  'canarypw',
  CONFIGURED_SECRET,
  'canaryNestedToken',
  'canaryAuthorization',
  'canaryCookie',
  'canaryPassword',
  'canaryDeepSecret',
];

function capture(): { destination: DestinationStream; text: () => string } {
  const chunks: string[] = [];
  return { destination: { write: (chunk) => void chunks.push(chunk) }, text: () => chunks.join('') };
}

/** Logs every canary through a variety of call shapes; ordinary text rides along each time. */
function logCanaries(log: ReturnType<typeof createLogger>): void {
  log.info(`calling https://api.telegram.org/bot${TELEGRAM_TOKEN}/getMe for parcel RB000000010HK`);
  log.info(
    { headers: { authorization: 'Bearer canaryBearerToken.x1', accept: 'application/json' } },
    'request sent',
  );
  log.warn('upstream said: Authorization: Bearer canaryBearerToken.x2 is invalid');
  log.info('GET https://api.example.com/track?number=RB000000010HK&api_key=canaryApiKey&lang=en');
  log.info('connecting to https://canaryuser:canarypw@redis.example.org:6380/0');
  log.error({ err: new Error(`upstream rejected ${CONFIGURED_SECRET} as expired`) }, 'login failed');
  log.info({ config: { token: 'canaryNestedToken', timeoutMs: 5000 } }, 'adapter ready');
  log.info(
    { request: { headers: { Cookie: 'canaryCookie', Authorization: 'canaryAuthorization' } } },
    'nested',
  );
  log.info({ user: { password: 'canaryPassword', name: 'kim' } }, 'user');
  log.info({ a: { b: { c: { clientSecret: 'canaryDeepSecret' } } } }, 'deep');
  log.child({ adapter: 'hongkong-post' }).info(`child logger with ${CONFIGURED_SECRET}`);
}

function expectNoCanaries(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

describe('createLogger', () => {
  it('keeps every planted secret out of JSON output and keeps ordinary text', () => {
    const out = capture();
    const log = createLogger({
      level: 'info',
      pretty: false,
      secrets: [CONFIGURED_SECRET],
      destination: out.destination,
    });
    logCanaries(log);
    const text = out.text();
    expectNoCanaries(text);
    expect(text).toContain('RB000000010HK');
    expect(text).toContain('redis.example.org:6380');
    expect(text).toContain('application/json');

    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records[0]).toMatchObject({
      level: 30,
      msg: `calling https://api.telegram.org/bot${REDACTED}/getMe for parcel RB000000010HK`,
    });
    expect(records[1]).toMatchObject({
      msg: 'request sent',
      headers: { authorization: REDACTED, accept: 'application/json' },
    });
    expect(records[2]).toMatchObject({
      level: 40,
      msg: `upstream said: Authorization: Bearer ${REDACTED} is invalid`,
    });
    expect(records[3]).toMatchObject({
      msg: `GET https://api.example.com/track?number=RB000000010HK&api_key=${REDACTED}&lang=en`,
    });
    expect(records[4]).toMatchObject({ msg: `connecting to https://${REDACTED}@redis.example.org:6380/0` });
    expect(records[5]).toMatchObject({
      level: 50,
      msg: 'login failed',
      err: { type: 'Error', message: `upstream rejected ${REDACTED} as expired` },
    });
    expect(records[6]).toMatchObject({ config: { token: REDACTED, timeoutMs: 5000 } });
    expect(records[7]).toMatchObject({ request: { headers: { Cookie: REDACTED, Authorization: REDACTED } } });
    expect(records[8]).toMatchObject({ user: { password: REDACTED, name: 'kim' } });
    expect(records[9]).toMatchObject({ a: { b: { c: { clientSecret: REDACTED } } } });
    expect(records[10]).toMatchObject({ adapter: 'hongkong-post', msg: `child logger with ${REDACTED}` });
  });

  it('keeps every planted secret out of pretty output, which is not JSON', () => {
    const out = capture();
    const log = createLogger({
      level: 'info',
      pretty: true,
      secrets: [CONFIGURED_SECRET],
      destination: out.destination,
    });
    logCanaries(log);
    const text = out.text();
    expectNoCanaries(text);
    expect(text).toContain('RB000000010HK');
    expect(text).toContain('INFO');
    expect(text).toContain('adapter ready');
    const first = text.split('\n')[0] ?? '';
    expect(() => JSON.parse(first)).toThrow();
  });

  it('censors secret fields whatever their value, before the line scrubber runs', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false, destination: out.destination });
    log.info({ config: { apiKey: { primary: 'canaryKeyObject' } }, secret: ['canarySecretArray'] }, 'keys');
    expect(out.text()).not.toContain('canary');
    expect(JSON.parse(out.text())).toMatchObject({
      config: { apiKey: REDACTED },
      secret: REDACTED,
      msg: 'keys',
    });
  });

  it('honours the level', () => {
    const out = capture();
    const log = createLogger({ level: 'warn', pretty: false, destination: out.destination });
    log.info('hidden');
    log.warn('shown');
    expect(out.text()).not.toContain('hidden');
    expect(JSON.parse(out.text())).toMatchObject({ level: 40, msg: 'shown' });

    const silent = capture();
    createLogger({ level: 'silent', pretty: false, destination: silent.destination }).fatal('nothing');
    expect(silent.text()).toBe('');
  });
});

describe('scrubSecrets', () => {
  it('replaces configured secrets, also when JSON-escaped or percent-encoded', () => {
    const secret = 'p@ss"word/with\\odd chars';
    const line = `${JSON.stringify({ msg: `got ${secret}` })} https://h.example/?q=${encodeURIComponent(secret)}`;
    const scrubbed = scrubSecrets(line, [secret]);
    expect(scrubbed).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(scrubbed).not.toContain(encodeURIComponent(secret));
    expect(scrubbed).toContain('https://h.example/?q=');
  });

  it(`leaves secrets shorter than ${MIN_EXACT_SECRET_LENGTH} characters alone`, () => {
    expect(scrubSecrets('the abc of parcels', ['abc'])).toBe('the abc of parcels');
    expect(scrubSecrets('code abcdef', ['abcdef'])).toBe(`code ${REDACTED}`);
  });

  it('redacts token-shaped text and secret-named query parameters only', () => {
    expect(scrubSecrets('token 123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11 here', [])).toBe(
      `token ${REDACTED} here`,
    );
    expect(scrubSecrets('Discord MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs', [])).toBe(
      `Discord ${REDACTED}`,
    );
    expect(
      scrubSecrets('?token=a&key=b&apikey=c&secret=d&signature=e&sig=f&access_token=g&client_secret=h', []),
    ).toBe(
      [
        `?token=${REDACTED}`,
        `key=${REDACTED}`,
        `apikey=${REDACTED}`,
        `secret=${REDACTED}`,
        `signature=${REDACTED}`,
        `sig=${REDACTED}`,
        `access_token=${REDACTED}`,
        `client_secret=${REDACTED}`,
      ].join('&'),
    );
    const ordinary =
      'parcel RB000000010HK at 12:30, ?tracking_number=123&keyword=x, see https://hongkongpost.hk/';
    expect(scrubSecrets(ordinary, [])).toBe(ordinary);
  });

  it('runs in linear time on long runs of digits, letters and separators', () => {
    const inputs = [
      '1'.repeat(200_000),
      'a.'.repeat(100_000),
      `?${'a'.repeat(200_000)}`,
      'a-'.repeat(100_000),
    ];
    for (const input of inputs) expect(scrubSecrets(input, ['unrelated-secret'])).toBe(input);
  });
});
