import type { CarrierId } from '../domain/carrier.js';
import type { Clock } from '../time/clock.js';
import type { AdapterDeps, CarrierAdapter, LaneLimits } from './adapter.js';
import type { SandboxServer } from './sandbox-kit/sandbox-server.js';
import type { StatusTable } from './status-table.js';

/**
 * Everything Postie knows about one carrier adapter, declared by its folder's `index.ts` (STYLE.md §3)
 * and listed once in `registry.ts`. The configuration, routing, the sandboxes, the shared status-table
 * test and the role checks all read it from there: adding an adapter edits no other file of `src/`.
 *
 * A manifest is loaded by everything that routes a number (`postie detect` included), so it stays
 * light: data and type imports only. The adapter's code, its sandbox and its status tables are loaded
 * by the functions below, when asked for.
 */
export interface CarrierManifest<Id extends string = string, Env extends EnvSettings = EnvSettings> {
  /** The adapter id, kebab-case: also the name of its folder (a test checks). */
  readonly id: Id;
  /** Its name, where the reader's language has no `services.<id>` text and in the docs. */
  readonly label: string;
  /** Its API's limits, each with the source it comes from (STYLE.md §8). */
  readonly limits: LaneLimits;
  /**
   * The carriers it asks about: their ids (a direct adapter), or, for an aggregator, a function that
   * answers for any carrier with the courier code the aggregator needs (undefined: not served).
   * Routing asks adapters in registry order.
   */
  readonly serves:
    | readonly CarrierId[]
    | ((carrier: CarrierId) => { readonly courierCode: string } | undefined);
  /** Its environment variables, by the name of the setting each fills (`.env.example` documents them). */
  readonly env: Env;
  /** Builds the adapter from its settings; loads the adapter's code (client, schemas) only now. */
  create(settings: SettingsOf<Env>, deps: AdapterDeps): Promise<CarrierAdapter>;
  /** Its fake server on loopback, for tests, the demo and `postie sandbox`. */
  sandbox(): Promise<CarrierSandbox>;
  /** Its reviewed vendor-code tables (STYLE.md §4), for the shared status-table test. */
  statusTables(): Promise<readonly StatusTable[]>;
}

/** How to start an adapter's sandbox and point Postie at it. */
export interface CarrierSandbox<Server extends SandboxServer = SandboxServer> {
  start(options: SandboxOptions): Promise<Server>;
  /** The environment that points Postie at `server`: its base URLs and the sandbox's credentials. */
  env(server: Server): Record<string, string>;
}

interface SandboxOptions {
  readonly clock: Clock;
  /** @defaultValue 0: any free port */
  readonly port?: number;
  /** Whether the sandbox refuses what breaks the carrier's limits. @defaultValue true */
  readonly enforceLimits?: boolean;
}

/** One environment variable of an adapter. */
export type EnvSetting =
  /** Needed to switch the adapter on; not a secret (an account or client id). */
  | { readonly key: string; readonly kind: 'credential' }
  /** Needed to switch the adapter on, and a secret: its value is scrubbed from every log line. */
  | { readonly key: string; readonly kind: 'secret' }
  /** An http:// or https:// base URL, trailing slashes dropped; `default` when unset. */
  | { readonly key: string; readonly kind: 'url'; readonly default: string };

export type EnvSettings = Readonly<Record<string, EnvSetting>>;

/** What an adapter is built with: one value per setting, every one set (defaults filled in). */
export type SettingsOf<Env extends EnvSettings> = { readonly [Name in keyof Env]: string };

/** The configured adapters of `M`, keyed by id; an adapter whose credentials are not all set is absent. */
export type CarriersConfig<M extends CarrierManifest = CarrierManifest> = {
  readonly [Manifest in M as Manifest['id']]?: SettingsOf<Manifest['env']>;
};

/** The manifest as written, with its id and settings types kept (`create` then sees its own settings). */
export function defineCarrier<const Id extends string, const Env extends EnvSettings>(
  manifest: CarrierManifest<Id, Env>,
): CarrierManifest<Id, Env> {
  return manifest;
}
