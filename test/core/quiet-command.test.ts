import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory-cache.js';
import { createBotCore } from '../../src/core/bot-core.js';
import { readQuietRequest } from '../../src/core/quiet-command.js';
import { createDetector } from '../../src/detect/detector.js';
import { type ChatRef, chatKey } from '../../src/domain/chat.js';
import type { Reply } from '../../src/domain/reply.js';
import { createRenderer } from '../../src/render/create-renderer.js';
import { chatSettingsOn } from '../../src/store/chat-settings.js';
import type { Subscriptions } from '../../src/subscriptions/subscriptions.js';
import { createManualClock } from '../../src/time/manual-clock.js';
import type { TrackingService } from '../../src/tracking/tracking-service.js';
import { captureLogger } from '../helpers/capture-logger.js';

const hours = (from: string, to: string, urgent = false) => {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return { kind: 'set', hours: { from: minutes(from), to: minutes(to), urgent } };
};

describe('reading /quiet', () => {
  it.each([
    ['22:00-07:30', hours('22:00', '07:30')],
    ['13:00-14:00', hours('13:00', '14:00')],
    ['7:30-9:05', hours('07:30', '09:05')],
    ['22:00 - 07:30 urgent', hours('22:00', '07:30', true)],
    ['22:00–07:30 URGENT', hours('22:00', '07:30', true)],
    ['22:00 to 07:30 hold', hours('22:00', '07:30')],
    ['２２：００～０７：３０', hours('22:00', '07:30')],
    ['22:00至07:30 urgent', hours('22:00', '07:30', true)],
    ['00:00-23:59', hours('00:00', '23:59')],
    ['off', { kind: 'off' }],
    [' OFF ', { kind: 'off' }],
    ['', { kind: 'show' }],
  ])('reads %j', (input, expected) => {
    expect(readQuietRequest(input)).toEqual(expected);
  });

  it.each([
    '25:00',
    '25:00-07:00',
    '22:00-22:00',
    '24:00-07:00',
    '22:60-07:00',
    '22:00',
    '22-07',
    '22:0-07:30',
    '22:00-07:30-09:00',
    '22:00-07:30 maybe',
    '22:00-07:30 urgent urgent',
    'off now',
    'urgent',
    'garbage',
    '-',
    '２２：００-２２：００',
    `22:00-07:30 ${'x'.repeat(100)}`,
    '22:00\u0000-07:30',
  ])('refuses %j', (input) => {
    expect(readQuietRequest(input)).toEqual({ kind: 'invalid' });
  });

  it('never throws, and whatever it accepts is a window of two different times of day', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}( \w+)?$/)),
        (input) => {
          const request = readQuietRequest(input);
          if (request.kind !== 'set') return;
          const { from, to } = request.hours;
          for (const t of [from, to]) expect(Number.isInteger(t) && t >= 0 && t < 1440).toBe(true);
          expect(from).not.toBe(to);
        },
      ),
    );
  });
});

/** The real core with a memory store for settings, no carriers and no subscriptions. */
function quietCore() {
  const clock = createManualClock(Date.parse('2026-01-01T12:00:00Z'));
  const settings = chatSettingsOn(createMemoryCache(clock));
  const changed: ChatRef[] = [];
  const none = async () => {
    throw new Error('no lookups here');
  };
  const subscriptions: Subscriptions = {
    subscribe: none,
    unsubscribe: none,
    unsubscribeAll: none,
    list: none,
    has: none,
    keepFollowing: none,
  };
  const core = createBotCore({
    tracking: { track: none, trackStream: none } as unknown as TrackingService,
    detector: createDetector(),
    renderer: createRenderer(),
    settings,
    subscriptions,
    clock,
    logger: captureLogger('silent').logger,
    defaults: { locale: 'en', timeZone: 'UTC' },
    quietHoursChanged: (chat) => changed.push(chat),
  });
  const say = async (chat: ChatRef, args: string, languageCode = 'en') => {
    const replies: Reply[] = [];
    await core.handleMessage(
      {
        chat,
        user: { id: 'u1', languageCode },
        text: `/quiet ${args}`.trim(),
        addressedToBot: true,
        command: { name: 'quiet', args },
      },
      async (reply) => {
        replies.push(reply);
      },
    );
    expect(replies).toHaveLength(1);
    const reply = replies[0] as Reply;
    return { reply, text: reply.blocks.map((b) => b.spans.map((s) => s.text).join('')).join('\n') };
  };
  return { core, settings, changed, say };
}

describe('/quiet', () => {
  it('shows, sets and turns off the chat’s quiet hours, telling the notifier of each change', async () => {
    const { settings, changed, say } = quietCore();
    const chat: ChatRef = { platform: 'discord', id: '55', kind: 'group' };
    await settings.update(chatKey(chat), { timeZone: 'Europe/London' });
    expect((await say(chat, '')).text).toContain('Quiet hours are off');
    expect((await say(chat, '')).text).toContain('Europe/London');

    const set = await say(chat, '22:00-07:30 urgent');
    expect(set.text).toContain('22:00–07:30 (Europe/London)');
    expect(set.text).toContain('out for delivery');
    expect((await settings.get(chatKey(chat))).quiet).toEqual({ from: 1320, to: 450, urgent: true });
    expect(changed).toEqual([chat]);
    expect((await say(chat, '')).text).toMatch(
      /^Quiet hours: 22:00–07:30 \(Europe\/London\)\. News of a parcel/,
    );

    await say(chat, '23:15-06:00');
    expect((await say(chat, '')).text).toMatch(
      /^Quiet hours: 23:15–06:00 \(Europe\/London\)\. News in that time/,
    );

    expect((await say(chat, 'off')).text).toContain('anything held is sent now');
    expect((await settings.get(chatKey(chat))).quiet).toBeUndefined();
    expect((await settings.get(chatKey(chat))).timeZone).toBe('Europe/London');
    expect(changed).toHaveLength(3);
  });

  it.each([
    ['en', '25:00', 'such as /quiet 22:00-07:30'],
    ['en', '22:00-22:00', 'not be the same time'],
    ['zh-HK', 'garbage', '請發送 /quiet 加上 24 小時制'],
    ['zh-CN', '22:00-07:30 maybe', '请发送 /quiet 加上 24 小时制'],
  ])(
    'answers bad input in %s with how to write it, to the person only, and changes nothing',
    async (language, args, usage) => {
      const { settings, changed, say } = quietCore();
      const chat: ChatRef = { platform: 'telegram', id: '9', kind: 'private' };
      await say(chat, '21:00-06:00', language);
      const { reply, text } = await say(chat, args, language);
      expect(text).toContain(usage);
      expect(reply.private).toBe(true);
      expect((await settings.get(chatKey(chat))).quiet).toEqual({ from: 1260, to: 360, urgent: false });
      expect(changed).toHaveLength(1);
    },
  );

  it('answers in the chat’s language', async () => {
    const { say } = quietCore();
    const chat: ChatRef = { platform: 'telegram', id: '10', kind: 'private' };
    expect((await say(chat, '22:00-07:30', 'zh-HK')).text).toContain(
      '勿擾時段設為 22:00–07:30（Asia/Hong_Kong）',
    );
    expect((await say(chat, '', 'zh-CN')).text).toContain('免打扰时段：22:00–07:30（Asia/Shanghai）');
    expect((await say(chat, 'off', 'zh-CN')).text).toContain('免打扰时段已关闭');
  });
});
