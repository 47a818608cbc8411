import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CarrierAdapter, TrackContext, TrackRequest } from '../../src/carriers/adapter.js';
import type { Fault, SandboxRequest, SandboxServer } from '../../src/carriers/sandbox-kit/sandbox-server.js';
import { CarrierError, type CarrierErrorCode } from '../../src/domain/carrier-error.js';
import type { TrackOutcome } from '../../src/domain/outcome.js';
import { SHIPMENT_STATUSES } from '../../src/domain/shipment.js';
import { createManualClock, type ManualClock } from '../../src/time/manual-clock.js';

/**
 * The contract every carrier adapter passes against its own sandbox (STYLE.md §10): login and token
 * reuse, expiry and refresh, batching at the limit, each error code, malformed responses, not-found.
 * An adapter's test file calls `describeAdapterContract` with a harness that knows its sandbox.
 */
export interface ContractHarness {
  readonly name: string;
  /**
   * Starts the sandbox on loopback and an adapter pointed at it, both on `clock`, with a short request
   * timeout (a second or two) so the hang fault is quick to test.
   */
  setup(clock: ManualClock): Promise<HarnessInstance>;
  /** A number the sandbox knows, with at least one event. */
  readonly found: TrackRequest;
  /** A well-formed number the sandbox has no record of. */
  readonly notFound: TrackRequest;
  /** As many known numbers as one request may carry (`limits.batchSize`). */
  readonly fullBatch: readonly TrackRequest[];
  /** Whether a logged request was the tracking call (as opposed to a login). */
  isTracking(request: SandboxRequest): boolean;
  /** Login-based APIs: whether a logged request was a login, and how long a token lives. */
  readonly login?: {
    isLogin(request: SandboxRequest): boolean;
    readonly tokenLifetimeMs: number;
    /** Makes the sandbox refuse the token it issued (as after a server-side revocation). */
    revokeTokens(instance: HarnessInstance): void;
    /** Makes the sandbox refuse the configured credentials from now on. */
    rejectCredentials(instance: HarnessInstance): void;
  };
  /** Ways to make the next tracking call fail as a whole, and the code each must become. */
  readonly errors: readonly {
    readonly name: string;
    arrange(instance: HarnessInstance): void;
    readonly code: CarrierErrorCode;
  }[];
}

export interface HarnessInstance {
  readonly adapter: CarrierAdapter;
  readonly sandbox: SandboxServer;
  close(): Promise<void>;
}

const CONTEXT: TrackContext = { locale: 'en' };
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)$/;

export function describeAdapterContract(harness: ContractHarness): void {
  describe(`${harness.name} adapter contract`, () => {
    let clock: ManualClock;
    let instance: HarnessInstance;
    const trackingCalls = () => instance.sandbox.requests.filter((r) => harness.isTracking(r)).length;

    beforeEach(async () => {
      clock = createManualClock();
      instance = await harness.setup(clock);
    });
    afterEach(async () => {
      await instance.close();
    });

    it('finds a known parcel, with events newest first in ISO time with their offset', async () => {
      const outcomes = await instance.adapter.track([harness.found], CONTEXT);
      const outcome = outcomes.get(harness.found.number);
      expect(outcome?.kind).toBe('found');
      const shipment = (outcome as Extract<TrackOutcome, { kind: 'found' }>).shipment;
      expect(shipment.number).toBe(harness.found.number);
      expect(shipment.adapter).toBe(harness.name);
      expect(SHIPMENT_STATUSES).toContain(shipment.status);
      expect(shipment.events.length).toBeGreaterThan(0);
      const times = shipment.events.map((e) => Date.parse(e.time));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      for (const event of shipment.events) {
        expect(event.time).toMatch(ISO_WITH_OFFSET);
        expect(SHIPMENT_STATUSES).toContain(event.status);
        expect(event.description.text.length).toBeGreaterThan(0);
      }
      expect(new Set(shipment.events.map((e) => e.key)).size).toBe(shipment.events.length);
    });

    it('gives the same event keys when asked twice', async () => {
      const keys = async () => {
        const outcome = (await instance.adapter.track([harness.found], CONTEXT)).get(harness.found.number);
        return outcome?.kind === 'found' ? outcome.shipment.events.map((e) => e.key) : [];
      };
      expect(await keys()).toEqual(await keys());
    });

    it('answers not_found for a number the carrier does not know', async () => {
      const outcomes = await instance.adapter.track([harness.notFound], CONTEXT);
      expect(outcomes.get(harness.notFound.number)?.kind).toBe('not_found');
    });

    it('carries a full batch in one tracking request, with an outcome for every number', async () => {
      const outcomes = await instance.adapter.track(harness.fullBatch, CONTEXT);
      expect(trackingCalls()).toBe(1);
      for (const request of harness.fullBatch) expect(outcomes.get(request.number)?.kind).toBe('found');
    });

    if (harness.login) {
      const login = harness.login;
      const logins = () => instance.sandbox.requests.filter((r) => login.isLogin(r)).length;

      it('logs in once and reuses the token', async () => {
        await instance.adapter.track([harness.found], CONTEXT);
        await instance.adapter.track([harness.found], CONTEXT);
        expect(logins()).toBe(1);
      });

      it('logs in once for concurrent first calls (single flight)', async () => {
        await Promise.all(Array.from({ length: 5 }, () => instance.adapter.track([harness.found], CONTEXT)));
        expect(logins()).toBe(1);
      });

      it('logs in again when the token is about to expire', async () => {
        await instance.adapter.track([harness.found], CONTEXT);
        await clock.advance(login.tokenLifetimeMs);
        await instance.adapter.track([harness.found], CONTEXT);
        expect(logins()).toBe(2);
      });

      it('refreshes the token once when the carrier refuses it, then succeeds', async () => {
        await instance.adapter.track([harness.found], CONTEXT);
        login.revokeTokens(instance);
        const outcomes = await instance.adapter.track([harness.found], CONTEXT);
        expect(outcomes.get(harness.found.number)?.kind).toBe('found');
        expect(logins()).toBe(2);
      });

      it('fails with timeout when the login never answers, and logs in afresh on the next call', async () => {
        // Nothing is logged in yet: the first request is the login, and it hangs.
        instance.sandbox.faults.inject({ kind: 'hang' }, { times: 1 });
        await expectCarrierError(instance.adapter.track([harness.found], CONTEXT), 'timeout');
        expect(logins()).toBe(1);
        const outcomes = await instance.adapter.track([harness.found], CONTEXT);
        expect(outcomes.get(harness.found.number)?.kind).toBe('found');
        expect(logins()).toBe(2);
      });

      it('fails with auth_failed when the credentials are refused', async () => {
        login.rejectCredentials(instance);
        await expectCarrierError(instance.adapter.track([harness.found], CONTEXT), 'auth_failed');
      });
    }

    it.each(harness.errors)('fails with the right code when $name', async ({ arrange, code }) => {
      arrange(instance);
      await expectCarrierError(instance.adapter.track([harness.found], CONTEXT), code);
    });

    const transportFaults: { fault: Fault; code: CarrierErrorCode }[] = [
      { fault: { kind: 'malformed' }, code: 'bad_response' },
      { fault: { kind: 'truncated' }, code: 'bad_response' },
      { fault: { kind: 'html' }, code: 'unavailable' },
      { fault: { kind: 'status', status: 503, body: 'Service Unavailable' }, code: 'unavailable' },
      { fault: { kind: 'reset' }, code: 'unavailable' },
      { fault: { kind: 'hang' }, code: 'timeout' },
    ];
    it.each(transportFaults)('classifies a $fault.kind answer as $code', async ({ fault, code }) => {
      // Let any login succeed first, so the fault hits the tracking call.
      await instance.adapter.track([harness.found], CONTEXT);
      const malformedRuns = fault.kind === 'malformed' ? 5 : 1;
      for (let i = 0; i < malformedRuns; i++) {
        instance.sandbox.faults.inject(fault, { times: 1 });
        await expectCarrierError(instance.adapter.track([harness.found], CONTEXT), code);
      }
    });
  });
}

async function expectCarrierError(promise: Promise<unknown>, code: CarrierErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CarrierError);
  expect((error as CarrierError).code).toBe(code);
}
