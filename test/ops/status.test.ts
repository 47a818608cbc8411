import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EMS_TO_UK, SEED_DELIVERED } from '../../src/carriers/hongkong-post/sandbox-parcels.js';
import { runCli } from '../../src/cli/run-cli.js';
import type { StatusReport } from '../../src/domain/status-report.js';
import { freePort, type RedisServer, startRedisServer } from '../helpers/redis-server.js';
import { ADMIN_CHAT, METRICS_TOKEN, type OpsRig, startOpsRig } from './ops-harness.js';

/** `postie status` and the admin `/status`, against a running Postie and against its store alone. */
const folder = mkdtempSync(join(tmpdir(), 'postie-status-'));
const saved = { ...process.env };
let rig: OpsRig | undefined;
let redis: RedisServer | undefined;
afterEach(async () => {
  await rig?.close();
  await redis?.stop();
  rig = undefined;
  redis = undefined;
  process.env = { ...saved };
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function postieStatus(env: Record<string, string>, args: string[] = []) {
  Object.assign(process.env, { LOG_LEVEL: 'silent' }, env);
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const io = {
    stdin: Readable.from([]),
    stdout: sink((t) => {
      out += t;
    }),
    stderr: sink((t) => {
      err += t;
    }),
  };
  const code = await runCli(['status', ...args], io);
  return { code, out, err };
}

describe('postie status', () => {
  it('asks the running Postie: quota used and left, queue and breaker, subscriptions', async () => {
    const store = `sqlite://${join(folder, 'running.sqlite')}`;
    rig = await startOpsRig({ storeUrl: store });
    // Two requests: the lookup, and the subscription's own first look.
    await rig.ask(1, SEED_DELIVERED);
    await rig.ask(2, `/subscribe ${EMS_TO_UK}`);
    const env = {
      ...rig.sandboxes.env,
      STORE_URL: store,
      HTTP_PORT: String(rig.app.address.port),
      METRICS_TOKEN,
    };
    const { code, out } = await postieStatus(env);
    expect(code).toBe(0);
    expect(out).toContain('From the running Postie.');
    expect(out).toContain('Store: embedded (SQLite), answering');
    expect(out).toContain('Hongkong Post');
    expect(out).toContain('Today: 2 of 100,000 requests used, 99,998 left');
    expect(out).toContain('Per 1 sec: 0 of 12 used, 12 left');
    expect(out).toContain('Queue: 0 for people, 0 polls, 0 in flight · answering');
    expect(out).toContain('Subscriptions: 1 active, 0 expired, 0 inactive; 1 parcels followed');
    expect(out).toContain('Outbox: nothing waiting');
    expect(out).toContain('Sent in the last 24 hours, by every instance: 2 requests');
    expect(out).not.toContain(EMS_TO_UK);

    const json = await postieStatus(env, ['--json']);
    const report = JSON.parse(json.out) as StatusReport;
    expect(report.source).toBe('instance');
    expect(report.carriers.find((c) => c.adapter === 'hongkong-post')?.day).toMatchObject({
      used: 2,
      left: 99_998,
    });
    expect(report.carriers.find((c) => c.adapter === 'hongkong-post')?.requestsLastDay).toBe(2);
  });

  it('reads the store alone when no Postie answers', async () => {
    const store = `sqlite://${join(folder, 'stopped.sqlite')}`;
    rig = await startOpsRig({ storeUrl: store });
    await rig.ask(3, SEED_DELIVERED);
    await rig.ask(4, `/subscribe ${EMS_TO_UK}`);
    const env = rig.sandboxes.env;
    await rig.close();
    rig = undefined;
    const { code, out } = await postieStatus({
      ...env,
      STORE_URL: store,
      HTTP_PORT: String(await freePort()),
    });
    expect(code).toBe(0);
    expect(out).toContain('From the store alone');
    expect(out).toContain('Today: 2 of 100,000 requests used');
    // The history is the store's: the stopped Postie's requests are still in it.
    expect(out).toContain('Sent in the last 24 hours, by every instance: 2 requests');
    expect(out).not.toContain('Per 1 sec');
    expect(out).toContain('Subscriptions: 1 active');
    expect(out).not.toContain('Queue:');
  });

  it('answers from the running Postie while its Redis is away, saying the history is unavailable', async () => {
    redis = await startRedisServer();
    rig = await startOpsRig({ storeUrl: redis.url });
    await rig.ask(5, SEED_DELIVERED);
    await redis.stop();
    const running = rig;
    await expect.poll(() => running.app.store.state).toBe('unavailable');
    const { code, out } = await postieStatus({
      ...rig.sandboxes.env,
      STORE_URL: redis.url,
      HTTP_PORT: String(rig.app.address.port),
      METRICS_TOKEN,
    });
    expect(code).toBe(0);
    expect(out).toContain('From the running Postie.');
    expect(out).toContain('Store: shared (Redis), unavailable');
    expect(out).toContain('Request history unavailable: the store could not be read');
    expect(out).not.toContain('Sent in the last 24 hours');
  });

  it('reads the store alone when something else answers on the port with 200 and a body that is no report', async () => {
    const store = `sqlite://${join(folder, 'foreign.sqlite')}`;
    const foreign = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"carriers":"no"}'),
    );
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    try {
      const { code, out } = await postieStatus({
        STORE_URL: store,
        HTTP_PORT: String((foreign.address() as AddressInfo).port),
      });
      expect(code).toBe(0);
      expect(out).toContain('From the store alone');
    } finally {
      await new Promise((resolve) => foreign.close(resolve));
    }
  });
});

describe('/status in a chat', () => {
  it('answers the chats ADMIN_CHAT_IDS lists, in their language, and is unknown to the others', async () => {
    rig = await startOpsRig();
    await rig.ask(5, SEED_DELIVERED);
    const zh = await rig.ask(ADMIN_CHAT, '/status', 'zh-HK');
    expect(zh).toContain('Postie 狀態');
    expect(zh).toContain('今日：已用 1 / 100,000 次請求，尚餘 99,999');
    expect(zh).toContain('儲存：內置（SQLite），正常回應');
    expect(zh).toContain('正常回應');
    expect(zh).toContain('過去 24 小時所有實例共發出：1 次請求');
    const en = await rig.ask(ADMIN_CHAT, '/status');
    // The chat's language is its own choice or its person's: the same chat asked in zh-HK first.
    expect(en).toContain('Hongkong Post');
    expect(await rig.ask(6, '/status')).toBe("I don't know the command /status. /help lists the ones I do.");
  });
});
