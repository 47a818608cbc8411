import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';

/** `postie demo` in-process, on piped input against its own sandboxes. */
async function demo(args: string[], input: string): Promise<string> {
  let out = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await runCli(['demo', ...args], {
    stdin: Readable.from([Buffer.from(input)]),
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink(() => undefined),
  });
  expect(code).toBe(0);
  return out;
}

describe('postie demo speaks the chat’s language in its own words too', () => {
  it('introduces itself and answers /advance in Simplified Chinese, then in English once the chat switches', async () => {
    const out = await demo(['--lang', 'zh-CN'], '/advance 2h\n/advance soon\n/language en\n/advance 1h\n');
    expect(out).toContain('Postie 演示：承运商都是本机的模拟服务');
    expect(out).toContain('时间前进了 2h；查询了 0 个跟踪中的包裹。');
    expect(out).toContain('用法：/advance 6h');
    expect(out).toContain('The clock moved 1h on; 0 followed parcels checked.');
    expect(out).not.toContain('Postie demo: the carriers');
  });

  it('says “1 followed parcel”, not “parcel(s)”', async () => {
    const out = await demo([], '/subscribe EA000001006HK\n/advance 1d\n');
    expect(out).toContain('The clock moved 1d on; 1 followed parcel checked.');
  });

  it('shows the stall alert for the README’s stalled parcel: /subscribe it, then /advance 8d', async () => {
    const out = await demo([], '/subscribe RR000007009HK\n/advance 8d\n!1\n/advance 8d\n');
    const alerts = out.split('No news for').length - 1;
    expect(alerts).toBe(1);
    const alert = out.slice(out.indexOf('No news for'));
    expect(alert).toMatch(/^No news for \d+ days: longer than usual/);
    expect(alert).toContain('Arrived and is being processed.');
    expect(alert).toContain('Ask Hongkong Post: https://www.hongkongpost.hk/');
    expect(alert).toContain('Ask the sender');
    expect(alert).toContain('[1] 🔔 Keep following  [2] 🔕 Stop');
    // !1 pressed Keep following: acknowledged, and the next eight days bring no second alert.
    expect(out).toContain("OK: I'll keep following RR000007009HK");
  });

  it('alerts in the chat’s language: Traditional Chinese', async () => {
    const out = await demo(['--lang', 'zh-HK'], '/subscribe RR000007009HK\n/advance 8d\n');
    expect(out).toMatch(/已\d+ 日沒有新消息/);
    expect(out).toContain('問問寄件人');
  });
});
