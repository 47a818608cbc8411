import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN } from '../frontends/telegram/telegram-harness.js';
import { runPostie } from '../helpers/postie-cli.js';

/**
 * Fault: a bug lets an exception or a rejection escape. The process ends with status 1 after one JSON
 * line on stderr through the scrubbing logger, never Node's own printout of the error and its fields.
 */
const script = join(import.meta.dirname, 'fail-unexpectedly.ts');

describe('fault: a failure nothing expected', () => {
  it.each(['rejection', 'exception'])(
    'an unhandled %s is one scrubbed fatal line and exit 1',
    async (kind) => {
      const run = runPostie([kind], { TELEGRAM_BOT_TOKEN: TOKEN }, script);
      expect(await run.exited).toBe(1);
      expect(run.stdout()).toBe('');
      const lines = run.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
      expect(line).toMatchObject({
        level: 60,
        msg: expect.stringMatching(/^unhandled rejection|uncaught exception/),
      });
      expect(run.stderr()).not.toContain(TOKEN.split(':')[1]);
      expect(run.stderr()).toContain('[redacted]');
    },
  );
});
