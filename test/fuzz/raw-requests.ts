import fc from 'fast-check';

/**
 * Raw HTTP/1.x requests as hostile clients write them, for fuzzing the listener through a socket:
 * request lines with odd methods, targets (absolute-form, `http://[`, dot segments, bytes that are no
 * URL) and versions; headers that are huge, duplicated, contradictory or not headers at all; bodies
 * that are chunked and lie about their sizes; and now and then a client that stops half-way (slowloris).
 */
export interface RawCase {
  readonly bytes: Uint8Array;
  /** The client stops sending and waits: only the server's time limits end the exchange. */
  readonly slow: boolean;
}

export interface RawRequestPaths {
  /** Paths the listener serves, asked for more often than random ones. */
  readonly known: readonly string[];
  /** The secret a webhook call carries, sometimes right, sometimes not. */
  readonly secret: string;
}

const byteString = (maxLength: number) =>
  fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes).toString('latin1'));

const token = fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}$/);

const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') },
  { weight: 2, arbitrary: fc.constantFrom('CONNECT', 'TRACE', 'PRI', 'get', 'G ET', '', 'GET\0') },
  { weight: 1, arbitrary: token },
  { weight: 1, arbitrary: byteString(16) },
);

const target = (paths: RawRequestPaths) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...paths.known) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '/',
        'http://[',
        'http://[::1',
        'http://postie.test/healthz',
        'https://user:pw@postie.test:99999/healthz',
        '*',
        '//',
        '/%zz',
        '/..%2f..%2fetc/passwd',
        '/healthz/../healthz',
        '/healthz?x=1#frag',
        '/\u00ff\u00fe',
        'healthz',
        `/${'a'.repeat(9000)}`,
      ),
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }).map((s) => `/${s}`) },
    { weight: 1, arbitrary: byteString(40) },
  );

const version = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('HTTP/1.1', 'HTTP/1.0') },
  { weight: 2, arbitrary: fc.constantFrom('HTTP/2.0', 'HTTP/0.9', 'HTTP/9.9', 'http/1.1', 'HTTP/1.1x', '') },
);

const header = (paths: RawRequestPaths) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant('Host: postie.test') },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.integer({ min: 0, max: 2_000_000 }).map((n) => `Content-Length: ${n}`),
        fc.constantFrom(
          'Content-Length: -1',
          'Content-Length: 1e3',
          'Content-Length: 0x10',
          'Content-Length: 5, 6',
        ),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Transfer-Encoding: chunked',
        'Transfer-Encoding: gzip',
        'Transfer-Encoding: chunked, chunked',
        'Transfer-Encoding: identity',
        'Expect: 100-continue',
        'Connection: keep-alive',
        'Connection: close',
        'Connection: upgrade',
        'Upgrade: websocket',
        'Content-Type: application/json',
        'Content-Type: text/plain; charset=latin1',
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.constant(paths.secret), fc.string({ maxLength: 70 }))
        .map((secret) => `X-Telegram-Bot-Api-Secret-Token: ${secret}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(' folded continuation', 'NoColon', ': no name', 'Bad Name: x', 'X: \0'),
    },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((n) => `X-Large: ${'a'.repeat(n)}`) },
    { weight: 2, arbitrary: fc.tuple(token, byteString(30)).map(([name, value]) => `${name}: ${value}`) },
  );

/** Headers a well-behaved client sends: the request still reaches a route with them. */
const benignHeader = (paths: RawRequestPaths) =>
  fc.oneof(
    fc.constantFrom(
      'Connection: keep-alive',
      'Accept: */*',
      'Content-Type: application/json',
      'User-Agent: fuzz',
    ),
    fc
      .oneof(fc.constant(paths.secret), fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/))
      .map((secret) => `X-Telegram-Bot-Api-Secret-Token: ${secret}`),
    fc.stringMatching(/^[A-Za-z0-9 ./:;=-]{0,60}$/).map((value) => `X-Note: ${value}`),
  );

/** A chunked body, honest or not: sizes that overstate or understate the data, bad hex, no last chunk. */
const chunkedBody = fc
  .record({
    chunks: fc.array(fc.string({ maxLength: 40 }), { maxLength: 4 }),
    lie: fc.constantFrom('none', 'overstate', 'understate', 'bad-hex', 'no-last-chunk', 'huge-size'),
  })
  .map(({ chunks, lie }) => {
    const sized = chunks.map((data) => {
      const length = Buffer.byteLength(data);
      const size = lie === 'overstate' ? length + 7 : lie === 'understate' ? Math.max(0, length - 3) : length;
      const hex = lie === 'bad-hex' ? 'zz' : lie === 'huge-size' ? 'ffffffffffffffff' : size.toString(16);
      return `${hex}\r\n${data}\r\n`;
    });
    return `${sized.join('')}${lie === 'no-last-chunk' ? '' : '0\r\n\r\n'}`;
  });

const body = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: chunkedBody },
  { weight: 2, arbitrary: byteString(200) },
);

/** One raw request (or several pipelined), and whether the client stops before the end. */
export function rawCase(paths: RawRequestPaths): fc.Arbitrary<RawCase> {
  const request = fc
    .record({
      method,
      target: target(paths),
      version,
      // Most carry a Host header, as HTTP/1.1 requires (RFC 9112 §3.2): without one Node refuses them
      // before any route, and the routes would see too few requests.
      host: fc.integer({ min: 1, max: 10 }).map((n) => n <= 8),
      headers: fc.oneof(
        { weight: 2, arbitrary: fc.array(benignHeader(paths), { maxLength: 3 }) },
        { weight: 3, arbitrary: fc.array(header(paths), { maxLength: 6 }) },
      ),
      newline: fc.integer({ min: 1, max: 8 }).map((n) => (n === 1 ? '\n' : '\r\n')),
      body,
      // Most say how long their body is; the rest leave it to the headers drawn (or to nothing, so that
      // the body reads as the next request).
      framed: fc.integer({ min: 1, max: 10 }).map((n) => n <= 7),
    })
    .map(({ method, target, version, host, headers, newline, body, framed }) => {
      const length = framed && body !== '' ? [`Content-Length: ${Buffer.byteLength(body, 'latin1')}`] : [];
      const head = [`${method} ${target} ${version}`, ...(host ? ['Host: postie.test'] : []), ...length];
      return [...head, ...headers, '', body].join(newline);
    });
  return fc
    .record({
      requests: fc.array(request, { minLength: 1, maxLength: 2 }),
      // One client in a hundred stops sending half-way and waits for the server to give up on it.
      slow: fc.integer({ min: 1, max: 100 }).map((n) => n === 1),
      cut: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ requests, slow, cut }) => {
      const whole = requests.join('');
      const text = slow ? whole.slice(0, Math.floor(whole.length * cut)) : whole;
      return { bytes: Buffer.from(text, 'latin1'), slow };
    });
}
