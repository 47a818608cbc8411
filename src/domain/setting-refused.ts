/**
 * A setting the outside world refused: a bot token Telegram or Discord does not accept, a webhook URL
 * Telegram will not call, a port already in use. No retry changes it; the operator has to. The message
 * is one line that names `setting` and what to do, and never holds a secret (it is logged as it is).
 */
export class SettingRefused extends Error {
  override readonly name = 'SettingRefused';
  /** The environment variable (`TELEGRAM_BOT_TOKEN`, `HTTP_PORT`) or command-line flag (`--port`) to change. */
  readonly setting: string;

  constructor(setting: string, message: string) {
    super(message);
    this.setting = setting;
  }
}
