import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

function io(stdinText = '') {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    stdin: Readable.from([Buffer.from(stdinText)]),
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
    out: () => out,
    err: () => err,
  };
}

describe('postie detect', () => {
  it('prints one JSON object per number found, candidates best first', async () => {
    const streams = io('順豐 SF7444700499701\nRB 000 000 014 HK and RB000000010HK\n');
    expect(await runCli(['detect', '--json'], streams)).toBe(0);
    const lines = streams
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.input, l.number])).toEqual([
      ['SF7444700499701', 'SF7444700499701'],
      ['RB 000 000 014 HK', 'RB000000014HK'],
      ['RB000000010HK', 'RB000000010HK'],
    ]);
    expect(lines[0].candidates[0]).toMatchObject({ carrier: 'sf-express', adapter: 'fuuffy', check: 'none' });
    expect(lines[1].candidates[0]).toMatchObject({
      carrier: 'hongkong-post',
      adapter: 'hongkong-post',
      check: 'valid',
    });
    expect(lines[2].candidates[0]).toMatchObject({ carrier: 'hongkong-post', check: 'invalid' });
  });

  it('reads every number of a long input, not just a chat message’s worth', async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => `TBA${String(100000000000 + i)}`);
    const streams = io(numbers.join('\n'));
    await runCli(['detect', '--json'], streams);
    expect(streams.out().trim().split('\n')).toHaveLength(30);
  });

  it('prints a readable list without --json', async () => {
    const streams = io('1Z12345E0205271686');
    await runCli(['detect'], streams);
    expect(streams.out()).toContain('1Z12345E0205271686\n  1. ups via trackingmore (ups), check digit ok');
  });

  it('prints nothing for text without numbers', async () => {
    const streams = io('call me on +852 9123 4567');
    expect(await runCli(['detect', '--json'], streams)).toBe(0);
    expect(streams.out()).toBe('');
  });
});

describe('postie usage', () => {
  it('prints help', async () => {
    const streams = io();
    expect(await runCli(['--help'], streams)).toBe(0);
    expect(streams.out()).toContain('postie detect [--json]');
    expect(streams.out()).toContain('postie start');
  });

  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'),
    );
    const streams = io();
    expect(await runCli(['--version'], streams)).toBe(0);
    expect(streams.out()).toBe(`${version}\n`);
  });

  it('refuses an unknown command or option with exit code 2', async () => {
    const unknown = io();
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.err()).toContain('unknown command "frobnicate"');
    const badOption = io();
    expect(await runCli(['detect', '--jsn'], badOption)).toBe(2);
    expect(badOption.err()).toContain('postie detect [--json]');
  });
});
