/** Usage text per command; `postie help` prints them all. */
const USAGE: Readonly<Record<string, string>> = {
  start: `postie start
    Run every front-end whose token is configured, with the carriers whose credentials are set.
    Reads .env when present; see .env.example for every variable.`,
  detect: `postie detect [--json]
    Read text on stdin and print every tracking number in it with its likely carriers, best first.
    --json   one JSON object per number: {"input","number","candidates":[{"carrier","adapter","check",…}]}`,
};

export function usageOf(command: string): string {
  return USAGE[command] ?? HELP;
}

export const HELP = `Postie — parcel tracking for Telegram and Discord

Usage: postie <command> [options]

Commands:
${Object.values(USAGE)
  .map((u) => `  ${u.replace(/\n/g, '\n  ')}`)
  .join('\n\n')}

  postie help
    Show this help.`;
