import fc from 'fast-check';

/**
 * Webhook bodies as a forger with the secret, or a broken proxy, might send them: random JSON, JSON
 * that is no update, updates whose fields have the wrong types or shapes, near-real messages and button
 * presses with odd text, entities and button data, deep nesting, huge bodies, truncated JSON and bytes
 * that are not UTF-8.
 */

const anyValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.constant([]),
  fc.constant({}),
);

const maybe = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: anyValue });

const chatId = fc.oneof(
  fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
  fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
);

const chat = maybe(
  fc.record(
    {
      id: maybe(chatId),
      type: maybe(fc.constantFrom('private', 'group', 'supergroup', 'channel', 'secret')),
      title: fc.string({ maxLength: 10 }),
      is_forum: fc.boolean(),
    },
    { requiredKeys: ['id', 'type'] },
  ),
);

const user = maybe(
  fc.record(
    {
      id: maybe(fc.integer({ min: 1, max: 2 ** 40 })),
      is_bot: maybe(fc.boolean()),
      first_name: fc.string({ maxLength: 10 }),
      language_code: maybe(fc.constantFrom('en', 'zh-hans', 'zh-hk', 'xx', '', 'en-'.repeat(20))),
    },
    { requiredKeys: ['id'] },
  ),
);

const text = fc.oneof(
  fc.constantFrom(
    '/start',
    '/help',
    '/track',
    '/list',
    '/language zh-HK',
    '/updates all',
    '/forget',
    '@PostieBot hi',
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('/track@OtherBot x', `/${'a'.repeat(40)}`, '\u0000/help', '/help\u202e', ' '.repeat(5000)),
);

const entity = fc.record({
  type: maybe(fc.constantFrom('bot_command', 'mention', 'text_mention', 'url', 'bold')),
  offset: maybe(fc.integer({ min: -5, max: 5000 })),
  length: maybe(fc.integer({ min: -5, max: 5000 })),
  user,
});

const message = fc.record(
  {
    message_id: maybe(fc.integer({ min: 1, max: 2 ** 31 })),
    date: maybe(fc.integer({ min: 0, max: 2 ** 32 })),
    chat,
    from: user,
    text: maybe(text),
    caption: maybe(text),
    entities: maybe(fc.array(entity, { maxLength: 3 })),
    is_topic_message: maybe(fc.boolean()),
    message_thread_id: maybe(fc.integer()),
    reply_to_message: maybe(
      fc.record({ from: user, forum_topic_created: fc.constant({}) }, { requiredKeys: [] }),
    ),
  },
  { requiredKeys: ['chat'] },
);

const callbackQuery = fc.record(
  {
    id: maybe(fc.string({ maxLength: 20 })),
    from: user,
    data: maybe(
      fc.oneof(fc.string({ maxLength: 64 }), fc.stringMatching(/^[a-z]{1,3}[:|][A-Z0-9:|]{0,40}$/)),
    ),
    message: maybe(fc.record({ message_id: maybe(fc.integer()), chat, date: fc.nat() })),
    chat_instance: fc.string({ maxLength: 10 }),
  },
  { requiredKeys: ['id'] },
);

const updateId = maybe(fc.nat({ max: 2 ** 31 }));

const update = fc.oneof(
  fc.record({ update_id: updateId, message }),
  fc.record({ update_id: updateId, callback_query: callbackQuery }),
  fc.record({ update_id: updateId, edited_message: message }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }).map((rest) => ({
    ...rest,
    update_id: 1,
  })),
);

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

const deep = fc
  .record({ depth: fc.integer({ min: 1, max: 100_000 }), open: fc.constantFrom('[', '{"a":') })
  .map(({ depth, open }) => {
    const close = open === '[' ? ']' : '}';
    return Buffer.from(`{"update_id":7,"message":${open.repeat(depth)}1${close.repeat(depth)}}`, 'utf8');
  });

const invalidUtf8 = fc
  .record({ before: fc.string({ maxLength: 20 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 20 }) })
  .map(({ before, bytes }) =>
    Buffer.concat([
      Buffer.from(`{"update_id":9,"message":{"chat":{"id":1,"type":"private"},"text":"${before}`),
      // 0x80–0xff alone are never valid UTF-8.
      Buffer.from(bytes.map((b) => b | 0x80)),
      Buffer.from('"}}'),
    ]),
  );

/** One webhook body, as the bytes sent. */
export const webhookBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 10, arbitrary: update.map(json) },
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }).map((text) => Buffer.from(text, 'utf8')) },
  { weight: 2, arbitrary: update.map((u) => json(u).subarray(0, Math.floor(json(u).length / 2))) },
  { weight: 2, arbitrary: invalidUtf8 },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: deep },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 1_000 }).map((n) =>
      // One in a thousand is over the 1 MiB a Telegram update can be; the rest are merely large.
      n === 1
        ? Buffer.alloc(1024 * 1024 + 1, 0x20)
        : json({ update_id: n, message: { text: 'x'.repeat(n * 100) } }),
    ),
  },
);
