import * as z from 'zod';

/**
 * The parts of a Telegram update Postie reads (https://core.telegram.org/bots/api#update), checked
 * before anything reads them: an update from the webhook or getUpdates is outside input like any other,
 * and one whose fields have other types or shapes is ignored rather than half-read. Objects are loose:
 * fields Postie does not read pass unchecked, so new Bot API fields never break parsing.
 */

/** https://core.telegram.org/bots/api#chat; a chat type Telegram adds later is not one Postie answers. */
const ChatSchema = z.looseObject({
  id: z.number().int(),
  type: z.enum(['private', 'group', 'supergroup', 'channel']),
});

/** https://core.telegram.org/bots/api#user */
const UserSchema = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  language_code: z.string().optional(),
});

/** https://core.telegram.org/bots/api#messageentity; offsets and lengths are in UTF-16 code units. */
const EntitySchema = z.looseObject({
  type: z.string(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  user: UserSchema.optional(),
});

const topic = {
  is_topic_message: z.boolean().optional(),
  message_thread_id: z.number().int().optional(),
};

/** https://core.telegram.org/bots/api#message */
const MessageSchema = z.looseObject({
  message_id: z.number().int(),
  chat: ChatSchema,
  from: UserSchema.optional(),
  /** Who posted on behalf of a chat: the group itself for an anonymous administrator, or a channel. */
  sender_chat: z.looseObject({ id: z.number().int() }).optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(EntitySchema).optional(),
  caption_entities: z.array(EntitySchema).optional(),
  ...topic,
  reply_to_message: z
    .looseObject({ from: UserSchema.optional(), forum_topic_created: z.unknown().optional() })
    .optional(),
});

/** https://core.telegram.org/bots/api#callbackquery; `message` is absent when it is too old. */
const CallbackQuerySchema = z.looseObject({
  id: z.string(),
  from: UserSchema,
  data: z.string().optional(),
  message: z.looseObject({ message_id: z.number().int(), chat: ChatSchema, ...topic }).optional(),
});

/** https://core.telegram.org/bots/api#inlinequery: `query` is up to 256 characters. */
const InlineQuerySchema = z.looseObject({
  id: z.string(),
  from: UserSchema,
  query: z.string(),
});

export const UpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: MessageSchema.optional(),
  /** A post in a channel the bot administers (`sender_chat` the channel; `from` absent). */
  channel_post: MessageSchema.optional(),
  callback_query: CallbackQuerySchema.optional(),
  inline_query: InlineQuerySchema.optional(),
});

export type TelegramChat = z.infer<typeof ChatSchema>;
export type TelegramUser = z.infer<typeof UserSchema>;
export type TelegramEntity = z.infer<typeof EntitySchema>;
export type TelegramMessage = z.infer<typeof MessageSchema>;
export type TelegramCallbackQuery = z.infer<typeof CallbackQuerySchema>;
export type TelegramInlineQuery = z.infer<typeof InlineQuerySchema>;
