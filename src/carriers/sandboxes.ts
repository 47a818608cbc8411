import type { Clock } from '../time/clock.js';
import type { CarrierManifest } from './manifest.js';
import { ADAPTERS, type RegisteredAdapter } from './registry.js';
import type { SandboxServer } from './sandbox-kit/sandbox-server.js';

/** Every adapter's sandbox on loopback: for `postie sandbox`, the demo and benchmarks. Never production. */
export interface RunningSandboxes<Id extends string = RegisteredAdapter['id']> {
  readonly servers: Readonly<Record<Id, SandboxServer>>;
  /** The environment that points Postie at them (base URLs and sandbox credentials). */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export interface SandboxesOptions<M extends CarrierManifest = RegisteredAdapter> {
  readonly clock: Clock;
  /** First port; the others follow it, one per adapter in registry order. @defaultValue 0: any free ports */
  readonly port?: number;
  /** Whether the sandboxes refuse what breaks the carriers' limits. @defaultValue true */
  readonly enforceLimits?: boolean;
  /** @defaultValue `ADAPTERS`; tests add their own. */
  readonly registry?: readonly M[];
}

export async function startSandboxes<M extends CarrierManifest = RegisteredAdapter>({
  clock,
  port = 0,
  enforceLimits = true,
  registry = ADAPTERS as readonly CarrierManifest[] as readonly M[],
}: SandboxesOptions<M>): Promise<RunningSandboxes<M['id']>> {
  // One that cannot listen (its port is taken) closes those already started before the error goes on.
  const servers: Record<string, SandboxServer> = {};
  const env: Record<string, string> = {};
  const closeAll = async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  };
  for (const [offset, manifest] of registry.entries()) {
    try {
      const sandbox = await manifest.sandbox();
      const server = await sandbox.start({ clock, port: port === 0 ? 0 : port + offset, enforceLimits });
      servers[manifest.id] = server;
      Object.assign(env, sandbox.env(server));
    } catch (error) {
      await closeAll();
      throw error;
    }
  }
  return { servers: servers as Record<M['id'], SandboxServer>, env, close: closeAll };
}
