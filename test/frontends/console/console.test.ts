import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../../src/frontends/console/console-frontend.js';
import { type BotRig, startBotRig } from '../../helpers/bot-rig.js';

let rig: BotRig;
beforeAll(async () => {
  rig = await startBotRig();
});
afterAll(() => rig.close());

/** Runs a console session on `lines` and returns what Postie printed, one answer per entry. */
async function transcript(lines: string[], extraCommands = {}): Promise<string[]> {
  let out = '';
  await runConsole({
    core: rig.core,
    input: Readable.from(lines.map((l) => `${l}\n`)),
    output: new Writable({
      write(chunk, _e, done) {
        out += String(chunk);
        done();
      },
    }),
    extraCommands,
  });
  return out.trim().split('\n\n');
}

describe('console front-end', () => {
  it('answers a pasted number with its timeline, buttons numbered to press', async () => {
    const [answer] = await transcript(['RB000000014HK']);
    expect(answer).toContain('Hongkong Post RB000000014HK');
    expect(answer).toContain('Delivered');
    expect(answer).toMatch(/\[1\] .*Refresh {2}\[2\] .*Subscribe/);
  });

  it('presses a button of the last answer with !N', async () => {
    const answers = await transcript(['SF7444700499701', '!2', '/list']);
    expect(answers.some((a) => /SF7444700499701/.test(a) && /following|Following|track/i.test(a))).toBe(true);
    expect(answers.at(-1)).toContain('SF7444700499701');
  });

  it('numbers the buttons of every answer to one message on from each other, each pressable', async () => {
    const answers = await transcript(['CP000002001HK EA000001006HK', '!5', '/list']);
    // The two answers come as their lookups end, in either order.
    expect(answers[0]).toMatch(/\[1\] .*Refresh {2}\[2\] .*Subscribe {2}\[3\] .*Share$/);
    expect(answers[1]).toMatch(/\[4\] .*Refresh {2}\[5\] .*Subscribe {2}\[6\] .*Share$/);
    const second = answers[1]?.includes('EA000001006HK') ? 'EA000001006HK' : 'CP000002001HK';
    const first = second === 'EA000001006HK' ? 'CP000002001HK' : 'EA000001006HK';
    // !5: Subscribe under the second answer.
    expect(answers.at(-1)).toContain(second);
    expect(answers.at(-1)).not.toContain(first);
  });

  it('keeps the buttons shown when a press names none of them', async () => {
    const answers = await transcript(['RR000003007HK', '!9', '!1']);
    expect(answers[1]).toBe('(no button 9)');
    // !1: Refresh, the timeline again.
    expect(answers[2]).toContain('RR000003007HK');
  });

  it('asks before /forget, the console’s user owning the chat, and forgets on !1', async () => {
    const answers = await transcript(['/subscribe EA000001006HK', '/forget', '!1', '/list']);
    const question = answers.find((a) => a.includes('Delete everything I keep about this chat?'));
    expect(question).toMatch(/\[1\] .*Delete everything {2}\[2\] Cancel/);
    expect(answers).toContainEqual(expect.stringContaining("I've deleted everything"));
    expect(answers.at(-1)).not.toContain('EA000001006HK');
  });

  it('switches language and answers in it', async () => {
    const answers = await transcript(['/language zh-CN', 'RB000000014HK', '/language en']);
    expect(answers[1]).toContain('香港邮政');
    expect(answers[1]).toContain('已签收');
    expect(answers[1]).toContain('成功派递');
  });

  it('offers the corrected number for a failed check digit', async () => {
    const answers = await transcript(['RB000000010HK']);
    expect(answers[0]).toContain('RB000000014HK');
    expect(answers[0]).toContain('[1] RB000000014HK');
  });

  it('reads a terminal in raw mode, so a line longer than the terminal’s 4 KB line buffer arrives whole', async () => {
    const rawModes: boolean[] = [];
    const line = `${'x'.repeat(5000)} RB000000014HK`;
    const input = Object.assign(Readable.from([`${line}\n`]), {
      isTTY: true,
      setRawMode(mode: boolean) {
        rawModes.push(mode);
        return this;
      },
    });
    let out = '';
    await runConsole({
      core: rig.core,
      input,
      output: new Writable({
        write(chunk, _e, done) {
          out += String(chunk);
          done();
        },
      }),
    });
    expect(rawModes).toEqual([true, false]);
    expect(out).toContain('Hongkong Post RB000000014HK');
  });

  it('hands its own commands to the console (the demo’s /advance) and strips control characters', async () => {
    const answers = await transcript(['/advance 6h', 'hello \u001b[31mthere'], {
      advance: async (args: string) => `moved ${args}`,
    });
    expect(answers[0]).toBe('moved 6h');
    expect(answers[1]).not.toContain('\u001b');
  });
});
