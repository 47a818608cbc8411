import { parseArgs } from 'node:util';
import { createDetector } from '../detect/detector.js';
import { createExtractor } from '../extract/extractor.js';
import { detectInText, formatDetectLine } from './detect-command.js';
import { EXIT } from './exit-codes.js';
import { HELP, usageOf } from './help.js';
import { startCommand } from './start-command.js';
import { trackCommand } from './track-command.js';

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Runs one command; resolves its exit status (`EXIT`: 0 done, 1 failed, 2 bad usage, 78 bad configuration). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const print = (out: NodeJS.WritableStream, text: string) => out.write(`${text}\n`);
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        print(io.stdout, HELP);
        return 0;
      case 'detect':
        return await detect(rest, io);
      case 'start':
        return await startCommand(rest, io);
      case 'track':
        return await trackCommand(rest, io);
      case 'chat':
        return await (await import('./chat-command.js')).chatCommand(rest, io);
      case 'demo':
        return await (await import('./demo-command.js')).demoCommand(rest, io);
      case 'discord:register':
        return await (await import('./discord-register-command.js')).discordRegisterCommand(rest, io);
      case 'sandbox':
        return await (await import('./sandbox-command.js')).sandboxCommand(rest, io);
      default:
        print(io.stderr, `postie: unknown command "${command}"\n\n${HELP}`);
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      print(io.stderr, `postie ${command}: ${error.message}\n\n${usageOf(command ?? '')}`);
      return EXIT.usage;
    }
    throw error;
  }
}

async function detect(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('detect')}\n`);
    return 0;
  }
  const text = await readAll(io.stdin);
  const detector = createDetector();
  // A file or a pipe is not one chat message: read every number in it.
  const extractor = createExtractor({ matcher: detector.matcher, maxNumbers: Number.POSITIVE_INFINITY });
  const { lines } = detectInText(text, { extractor, detector });
  for (const line of lines) {
    io.stdout.write(`${values.json ? JSON.stringify(line) : formatDetectLine(line)}\n`);
  }
  return 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
