import { ADAPTERS } from '../carriers/registry.js';

/** `A`, `A and B`, `A, B and C`. */
const listed = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');

/** Usage text per command; `postie help` prints them all. */
const USAGE: Readonly<Record<string, string>> = {
  start: `postie start
    Run every front-end whose token is configured, with the carriers whose credentials are set.
    Reads .env when present; see .env.example for every variable.`,
  chat: `postie chat
    Talk to Postie in the terminal (the same commands as in Telegram and Discord) with the configured carriers.`,
  demo: `postie demo [--lang en|zh-HK|zh-CN]
    Postie in the terminal against built-in carrier sandboxes: no credentials, no network.`,
  track: `postie track [--carrier ID] [--lang en|zh-HK|zh-CN] [--json] NUMBER...
    Look numbers up now with the configured carriers and print each timeline as it arrives.
    --carrier  ask this carrier only (e.g. hongkong-post, ups, sf-express)
    --json     one JSON object per number: {"number","carrier","adapter","outcome","status","events":[…]}`,
  status: `postie status [--json]
    Per carrier the quota used and left today and in its windows, the requests sent in the last 24 hours,
    the queue and breaker; subscriptions by state, the outbox and the last poll pass. Asks the running
    Postie on HTTP_PORT (with METRICS_TOKEN), else reads the store alone (no queue or breaker then).
    --json prints the report as one JSON object.`,
  sandbox: `postie sandbox [--port 4100] [--speed 1]
    Serve the ${listed(ADAPTERS.map((a) => a.label))} sandboxes on loopback (ports 4100–${4099 + ADAPTERS.length})
    and print the environment that points Postie at them. --speed 3600 makes a parcel's hour pass in a second.`,
  'discord:register': `postie discord:register [--guild ID]
    Publish Postie's slash commands to Discord (names and descriptions in every language), for every server
    and DM, or to one server at once with --guild.`,
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
    Show this help.

  postie --version
    Print Postie's version.`;
