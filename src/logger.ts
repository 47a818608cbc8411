import { createRequire } from 'node:module';
import { type DestinationStream, pino } from 'pino';

/**
 * The application logger: pino, JSON lines by default, pretty text for development. Secrets are kept
 * out at two layers (STYLE.md §6): pino `redact` censors well-known secret fields of logged objects, and
 * a final scrubber rewrites every serialized line, so secrets inside messages, error text and URLs go too.
 */

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** A pino level or `silent`. */
  readonly level: string;
  /** Human-readable lines (pino-pretty) instead of JSON. */
  readonly pretty: boolean;
  /** Exact values to scrub from every line, usually `Config.secrets`. See {@link createScrubber}. */
  readonly secrets?: readonly string[];
  /** Where lines go; stdout when absent. */
  readonly destination?: DestinationStream;
  /** Where lines go when no `destination` is given: stdout, or stderr for commands whose stdout is data. */
  readonly stream?: 'stdout' | 'stderr';
}

export const REDACTED = '[redacted]';

/**
 * Exact secrets shorter than this are not scrubbed as plain strings: replacing every `abc` or `1234`
 * would mangle unrelated text (ids, counts, words) and, by showing where text went missing, hint at the
 * secret anyway. Such short secrets are still caught when they sit in a redacted field, a `Bearer`
 * header, URL credentials or a secret-named query parameter.
 */
export const MIN_EXACT_SECRET_LENGTH = 6;

/** Field names whose values pino censors, at the top level and one and two levels deep. */
const SECRET_FIELDS = [
  'token',
  'apiKey',
  'api_key',
  'password',
  'secret',
  'clientSecret',
  'sysSecret',
  'accessToken',
  'access_token',
  'id_token',
  'refresh_token',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
] as const;

const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/**
 * Token-shaped text, whatever the configuration says. Every pattern runs in linear time: each repeated
 * class is either bounded or anchored so that a failed attempt cannot restart inside the same run.
 */
const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  // Telegram bot token `<bot id>:<secret>`, also inside `/bot<token>/getMe` (telegraf's `redactToken`).
  [/(?<!\d)\d{6,}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  // Discord bot token: base64 user id, timestamp and HMAC joined by dots.
  [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g, REDACTED],
  // `Authorization: Bearer <token>` (RFC 6750 §2.1 token68 characters).
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
  // Credentials in URLs: `https://user:pass@host` → `https://[redacted]@host`.
  [/\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/?#@"\\]+@/gi, `$1${REDACTED}@`],
  // Query parameters named like a secret (`token`, `api_key`, `apikey`, `client_secret`, `sig`,
  // `X-Amz-Signature`, …): the name stays, the value goes.
  [
    /([?&;][A-Za-z0-9_.-]{0,40}?(?:token|key|secret|signature|sig|password|passwd)=)[^&#\s"\\]*/gi,
    `$1${REDACTED}`,
  ],
  // JSON string fields named like a secret, deeper than pino's redact paths reach.
  [
    /("[A-Za-z0-9_-]{0,40}?(?:token|secret|password|passwd|api[_-]?key|authorization|cookie)"\s*:\s*")(?:[^"\\]|\\.)*"/gi,
    `$1${REDACTED}"`,
  ],
];

/**
 * A line scrubber for a fixed set of secrets. Each exact secret of at least
 * {@link MIN_EXACT_SECRET_LENGTH} characters is replaced as written, as escaped inside a JSON string and
 * as percent-encoded in a URL; then {@link SECRET_PATTERNS} are applied.
 */
function createScrubber(secrets: readonly string[]): (line: string) => string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_EXACT_SECRET_LENGTH) continue;
    variants.add(secret);
    variants.add(JSON.stringify(secret).slice(1, -1));
    variants.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another is replaced whole.
  const exact = [...variants].sort((a, b) => b.length - a.length);
  return (line) => {
    let scrubbed = line;
    for (const value of exact) scrubbed = scrubbed.replaceAll(value, REDACTED);
    for (const [pattern, replacement] of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
    return scrubbed;
  };
}

/** Scrubs one line; see {@link createScrubber} (prefer it when scrubbing many lines). */
export function scrubSecrets(line: string, secrets: readonly string[]): string {
  return createScrubber(secrets)(line);
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = createScrubber(options.secrets ?? []);
  const settings: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // Runs on the serialized JSON line, before any destination (pretty or not) sees it.
    hooks: { streamWrite: scrub },
  };
  const destination =
    options.destination ?? pino.destination({ dest: options.stream === 'stderr' ? 2 : 1, sync: true });
  return pino(
    settings,
    options.pretty ? prettyStream(destination, options.destination === undefined) : destination,
  );
}

/**
 * pino-pretty's formatter as a synchronous stream in this thread (not a worker transport): each
 * already-scrubbed JSON line is formatted and written straight through, so nothing is lost on exit.
 */
function prettyStream(destination: DestinationStream, isTerminal: boolean): DestinationStream {
  // Loaded here, on first use: only development logs are pretty, and production need not load it.
  const pinoPretty: typeof import('pino-pretty') = createRequire(import.meta.url)('pino-pretty');
  const prettify = pinoPretty.prettyFactory({
    colorize: isTerminal && pinoPretty.isColorSupported,
    translateTime: 'SYS:standard',
    ignore: 'pid,hostname',
  });
  return { write: (line) => destination.write(prettify(line)) };
}
