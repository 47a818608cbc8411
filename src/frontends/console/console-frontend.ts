import { createInterface } from 'node:readline';
import type { BotCore } from '../../core/bot-core.js';
import type { Respond } from '../../core/conversation.js';
import type { ChatRef, UserRef } from '../../domain/chat.js';
import type { Locale } from '../../domain/locale.js';
import type { NotificationChannel } from '../../domain/notification-channel.js';
import type { Button } from '../../domain/reply.js';
import { ANSI, PLAIN, toConsoleText } from './markup.js';

export interface ConsoleOptions {
  readonly core: BotCore;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Style the output for a terminal. */
  readonly color?: boolean;
  /**
   * Extra `/commands` the console answers itself (the demo's `/advance`); each returns its answer, in
   * `locale`, the chat's language.
   */
  readonly extraCommands?: Readonly<Record<string, (args: string, locale: Locale) => Promise<string>>>;
  /** The user's language as a platform would report it (e.g. from `LANG`). */
  readonly languageCode?: string;
  /** Receives the channel through which subscription notifications reach this console, before input is read. */
  readonly onNotificationChannel?: (channel: NotificationChannel) => void;
}

/**
 * `postie chat` and `postie demo`: the same commands and timelines in a terminal. Each line is a message in
 * a private chat. Every button shown since the last input is numbered, across the answers to it (a
 * "Did you mean" above a timeline: `[1]` … then `[2] Refresh …`), and `!2` presses button 2; an empty
 * input (Ctrl-D) ends the session. Resolves when the input ends.
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const chat: ChatRef = { platform: 'console', id: 'local', kind: 'private' };
  const user: UserRef = {
    id: 'local',
    ...(options.languageCode ? { languageCode: options.languageCode } : {}),
  };
  const styles = options.color ? ANSI : PLAIN;
  const write = (text: string) => options.output.write(`${text}\n\n`);
  /** The buttons shown since the last input, in the order they are numbered. */
  let buttons: Button[] = [];
  const respond: Respond = async (reply) => {
    const first = buttons.length + 1;
    buttons.push(...(reply.buttons ?? []).flat());
    write(toConsoleText(reply, styles, first));
  };

  // The console is one chat: notifications for it are printed like answers (their buttons pressable).
  options.onNotificationChannel?.({
    platform: 'console',
    deliver: async (to, reply) => {
      if (to.id !== chat.id) return 'unreachable';
      await respond(reply);
      return 'sent';
    },
  });

  // On a terminal, readline edits the line itself (raw mode): the terminal's own line editing keeps at
  // most 4,095 bytes of a line (Linux N_TTY_BUF_SIZE) and silently drops the rest of a longer paste.
  const terminal = 'isTTY' in options.input && options.input.isTTY === true;
  const lines = createInterface({
    input: options.input,
    ...(terminal ? { output: options.output, terminal: true } : { terminal: false }),
  });
  // Raw mode turns Ctrl-C into a key: it ends the session, as Ctrl-D does.
  lines.on('SIGINT', () => lines.close());
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const press = /^!(\d+)$/.exec(line);
    const shown = buttons;
    buttons = [];
    if (press) {
      const button = shown[Number(press[1]) - 1];
      if (button) await options.core.handleAction({ chat, user, action: button.action }, respond);
      else {
        buttons = shown;
        write(`(no button ${press[1]})`);
      }
      continue;
    }
    const command = /^\/(\S+)\s*(.*)$/s.exec(line);
    const extra = command ? options.extraCommands?.[command[1] ?? ''] : undefined;
    if (command && extra) {
      write(await extra(command[2] ?? '', await options.core.localeOf(chat, user)));
      continue;
    }
    await options.core.handleMessage(
      {
        chat,
        user,
        text: line,
        addressedToBot: true,
        ...(command ? { command: { name: (command[1] ?? '').toLowerCase(), args: command[2] ?? '' } } : {}),
      },
      respond,
    );
  }
}
