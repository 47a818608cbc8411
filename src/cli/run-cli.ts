import { readFileSync } from 'node:fs';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { HELP, usageOf } from './help.js';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

/**
 * Each command's module, imported only when that command runs: `postie detect` loads the detector, not
 * the store, the carriers' HTTP client or the chat front-ends (each costs start-up time and memory).
 */
const COMMANDS = new Map<string, () => Promise<Command>>([
  ['start', async () => (await import('./start-command.js')).startCommand],
  ['chat', async () => (await import('./chat-command.js')).chatCommand],
  ['demo', async () => (await import('./demo-command.js')).demoCommand],
  ['track', async () => (await import('./track-command.js')).trackCommand],
  ['status', async () => (await import('./status-command.js')).statusCommand],
  ['detect', async () => (await import('./detect-command.js')).detectCommand],
  ['sandbox', async () => (await import('./sandbox-command.js')).sandboxCommand],
  ['discord:register', async () => (await import('./discord-register-command.js')).discordRegisterCommand],
]);

/** Runs one command; resolves its exit status (`EXIT`: 0 done, 1 failed, 2 bad usage, 78 bad configuration). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const print = (out: NodeJS.WritableStream, text: string) => out.write(`${text}\n`);
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      print(io.stdout, HELP);
      return 0;
    case '--version':
    case '-v':
      print(io.stdout, packageVersion());
      return 0;
  }
  const load = COMMANDS.get(command);
  if (!load) {
    print(io.stderr, `postie: unknown command "${command}"\n\n${HELP}`);
    return EXIT.usage;
  }
  try {
    return await (await load())(rest, io);
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      print(io.stderr, `postie ${command}: ${error.message}\n\n${usageOf(command)}`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** The `version` in Postie's package.json, two folders above this module (`src/cli/`, `dist/chunks/`). */
function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  if (typeof manifest === 'object' && manifest !== null && 'version' in manifest) {
    if (typeof manifest.version === 'string') return manifest.version;
  }
  throw new Error('package.json has no version');
}
