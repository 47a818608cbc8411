import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandboxes, startSandboxes } from '../../src/carriers/sandboxes.js';
import { runCli } from '../../src/cli/run-cli.js';
import { systemClock } from '../../src/time/clock.js';

let sandboxes: RunningSandboxes;
const saved = { ...process.env };
const dir = mkdtempSync(join(tmpdir(), 'postie-track-'));

beforeAll(async () => {
  sandboxes = await startSandboxes({ clock: systemClock, enforceLimits: false });
  Object.assign(process.env, sandboxes.env, {
    STORE_URL: `sqlite://${join(dir, 'postie.sqlite')}`,
    LOG_LEVEL: 'silent',
  });
});
afterAll(async () => {
  process.env = saved;
  await sandboxes.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _e, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runCli(args, {
    stdin: Readable.from([]),
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
  });
  return { code, out, err };
}

describe('postie track against the carrier sandboxes', () => {
  it('prints one stable JSON line per number, events newest first with their UTC offsets', async () => {
    const { code, out } = await run([
      'track',
      '--json',
      'RB000000014HK',
      'SF7444700499701',
      '00393311680005810444',
    ]);
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const byNumber = Object.fromEntries(lines.map((l) => [l.number, l]));
    expect(byNumber.RB000000014HK).toMatchObject({
      carrier: 'hongkong-post',
      adapter: 'hongkong-post',
      outcome: 'found',
      status: 'delivered',
    });
    expect(byNumber.SF7444700499701).toMatchObject({
      carrier: 'sf-express',
      adapter: 'fuuffy',
      outcome: 'found',
    });
    expect(byNumber['00393311680005810444']).toMatchObject({
      carrier: 'nz-post',
      adapter: 'nz-post',
      outcome: 'found',
    });
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual([
        'adapter',
        'carrier',
        'events',
        'number',
        'outcome',
        'status',
      ]);
      const times = line.events.map((e: { time: string }) => e.time);
      for (const t of times) expect(t).toMatch(/[+-]\d{2}:\d{2}$/);
      expect([...times].sort((a, b) => Date.parse(b) - Date.parse(a))).toEqual(times);
    }
    expect(byNumber.RB000000014HK.events[0].time.endsWith('+08:00')).toBe(true);
  });

  it('answers in the language asked for', async () => {
    const { out } = await run(['track', '--json', '--lang', 'zh-HK', 'RB000000014HK']);
    expect(JSON.parse(out).events[0].description).toBe('成功派遞');
  });

  it('reports a number the carrier does not know', async () => {
    const { out } = await run(['track', '--json', 'RB000000028HK']);
    expect(JSON.parse(out)).toMatchObject({ outcome: 'not_found' });
  });

  it('asks the carrier the user names', async () => {
    const { out } = await run(['track', '--json', '--carrier', 'china-ems', 'LS912989618CN']);
    expect(JSON.parse(out)).toMatchObject({
      carrier: 'china-ems',
      adapter: 'trackingmore',
      outcome: 'found',
    });
  });

  it('prints a readable timeline without --json', async () => {
    const { out } = await run(['track', 'RB000000014HK']);
    expect(out).toContain('RB000000014HK  Hongkong Post via hongkong-post: delivered');
    expect(out).toMatch(/\+08:00 {2}HONG KONG {2}Delivered/);
  });

  it('refuses an unknown language', async () => {
    const { code, err } = await run(['track', '--lang', 'fr', 'RB000000014HK']);
    expect(code).toBe(2);
    expect(err).toContain('--lang must be one of en, zh-HK, zh-CN');
  });
});
