/**
 * Named leases that several instances contend for: at most one holder per name at a time, kept only
 * while renewed. A holder that dies without releasing loses it once `ttlMs` passes unrenewed (Redis's
 * own expiry), so another instance can take over. Holders are strings that name one process run.
 */
export interface Leases {
  /** Takes `name` for `holder` for `ttlMs` when it is free, or extends it when `holder` has it: whether `holder` holds it now. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease by `ttlMs` from now if `holder` still holds it; `false` when it ran out or another took it. */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Frees the lease if `holder` still holds it (never a successor's). */
  release(name: string, holder: string): Promise<void>;
  /** Who holds `name` now, if anyone. */
  holder(name: string): Promise<string | undefined>;
  /** Every lease held now, by name (for the status views). */
  list(): Promise<HeldLease[]>;
}

export interface HeldLease {
  readonly name: string;
  readonly holder: string;
}

/**
 * The embedded store's leases: one process uses the file, so a lease is this process's for as long as
 * it is held, without expiry (nothing outside the process contends).
 */
export function processLeases(): Leases {
  const held = new Map<string, string>();
  const holds = (name: string, holder: string) => held.get(name) === holder;
  return {
    async acquire(name, holder) {
      if (!held.has(name)) held.set(name, holder);
      return holds(name, holder);
    },
    renew: async (name, holder) => holds(name, holder),
    async release(name, holder) {
      if (holds(name, holder)) held.delete(name);
    },
    holder: async (name) => held.get(name),
    list: async () =>
      [...held].map(([name, holder]) => ({ name, holder })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
