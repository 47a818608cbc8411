import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger.js';
import type { Clock } from '../time/clock.js';
import { keepLease, type LeaseKeeper } from './lease-keeper.js';
import type { Leases } from './leases.js';

/**
 * This process run among the instances sharing a store: the owner it records on what it takes and has
 * not finished (a Telegram update, a Discord interaction), and whether the owner of such a record is
 * still alive. Each run holds a presence lease of its own (`instance:<id>`), renewed like any lease;
 * what a dead run left (its presence lease expired) is anyone's to finish, what a live one is working
 * on is not.
 */
export interface InstancePresence {
  /** This run: `<INSTANCE_ID or host name>#<random>`, new at every start. */
  readonly self: string;
  /** Whether other instances may share the store (Redis): only then is anything to adopt from others. */
  readonly shared: boolean;
  /**
   * Whether `owner` is gone: no owner recorded (a record from before owners were), a run whose
   * presence lease has expired, or, on the embedded store, any run but this one. Never this run.
   */
  gone(owner: string | undefined): Promise<boolean>;
  /** What the front-ends need to hold their own leases. */
  readonly leases: Leases;
  /** How long a lease lasts unrenewed. */
  readonly leaseMs: number;
  /** Real time: what leases are renewed on. */
  readonly clock: Clock;
  /** Releases the presence lease (a stopped run's records are then anyone's at once). */
  stop(): Promise<void>;
}

/** `<name>#<8 hex>`: readable in logs, and never the same for two starts. */
export function instanceId(name: string = hostname()): string {
  return `${name}#${randomBytes(4).toString('hex')}`;
}

const presenceLease = (id: string) => `instance:${id}`;

export interface PresenceDeps {
  readonly leases: Leases;
  readonly shared: boolean;
  readonly self: string;
  readonly clock: Clock;
  readonly leaseMs: number;
  readonly logger: Logger;
}

/** Announces this run (holds its presence lease while it runs). */
export function announcePresence(deps: PresenceDeps): InstancePresence {
  const { leases, self } = deps;
  const keeper: LeaseKeeper = keepLease({
    leases,
    name: presenceLease(self),
    holder: self,
    clock: deps.clock,
    leaseMs: deps.leaseMs,
    logger: deps.logger,
    hold: (lost) => new Promise((resolve) => lost.addEventListener('abort', () => resolve(), { once: true })),
  });
  return {
    self,
    shared: deps.shared,
    async gone(owner) {
      if (owner === self) return false;
      if (owner === undefined || !deps.shared) return true;
      return (await leases.holder(presenceLease(owner))) === undefined;
    },
    leases,
    leaseMs: deps.leaseMs,
    clock: deps.clock,
    stop: () => keeper.stop(),
  };
}
