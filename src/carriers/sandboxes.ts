import type { Clock } from '../time/clock.js';
import { fuuffySandboxEnv, startFuuffySandbox } from './fuuffy/sandbox.js';
import { hongkongPostSandboxEnv, startHongkongPostSandbox } from './hongkong-post/sandbox.js';
import { nzPostSandboxEnv, startNzPostSandbox } from './nz-post/sandbox.js';
import type { SandboxServer } from './sandbox-kit/sandbox-server.js';
import { startTrackingmoreSandbox, trackingmoreSandboxEnv } from './trackingmore/sandbox.js';

/** All four carrier sandboxes on loopback: for `postie sandbox`, the demo and benchmarks. Never production. */
export interface RunningSandboxes {
  readonly servers: Readonly<Record<'hongkong-post' | 'nz-post' | 'fuuffy' | 'trackingmore', SandboxServer>>;
  /** The environment that points Postie at them (base URLs and sandbox credentials). */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export interface SandboxesOptions {
  readonly clock: Clock;
  /** First port; the others follow it. @defaultValue 0: any free ports */
  readonly port?: number;
  /** Whether the sandboxes refuse what breaks the carriers' limits. @defaultValue true */
  readonly enforceLimits?: boolean;
}

export async function startSandboxes({
  clock,
  port = 0,
  enforceLimits = true,
}: SandboxesOptions): Promise<RunningSandboxes> {
  const at = (offset: number) => (port === 0 ? 0 : port + offset);
  // One that cannot listen (its port is taken) closes those already started before the error goes on.
  const started: SandboxServer[] = [];
  const start = async <T extends SandboxServer>(server: Promise<T>): Promise<T> => {
    try {
      const running = await server;
      started.push(running);
      return running;
    } catch (error) {
      await Promise.all(started.map((s) => s.close()));
      throw error;
    }
  };
  const hongkong = await start(startHongkongPostSandbox({ clock, port: at(0), enforceLimits }));
  const nz = await start(startNzPostSandbox({ clock, port: at(1), enforceLimits }));
  const fuuffy = await start(startFuuffySandbox({ clock, port: at(2), enforceLimits }));
  const trackingmore = await start(startTrackingmoreSandbox({ clock, port: at(3), enforceLimits }));
  const servers = { 'hongkong-post': hongkong, 'nz-post': nz, fuuffy, trackingmore };
  return {
    servers,
    env: {
      ...hongkongPostSandboxEnv(hongkong),
      ...nzPostSandboxEnv(nz),
      ...fuuffySandboxEnv(fuuffy),
      ...trackingmoreSandboxEnv(trackingmore),
    },
    close: async () => {
      await Promise.all(Object.values(servers).map((s) => s.close()));
    },
  };
}
