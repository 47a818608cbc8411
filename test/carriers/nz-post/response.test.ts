import { describe, expect, it } from 'vitest';
import {
  type InterpretedParcel,
  interpretParcelResponse,
  type ParcelAnswer,
} from '../../../src/carriers/nz-post/response.js';
import type { CarrierErrorCode } from '../../../src/domain/carrier-error.js';
import type { Shipment } from '../../../src/domain/shipment.js';
import { thrown } from '../../helpers/thrown.js';
import { answerFor, fixture, question } from './helpers.js';

const ANSWERED_AT = Date.UTC(2026, 0, 1, 3);

function interpret(answer: ParcelAnswer, number = '00894210379306766768'): InterpretedParcel {
  return interpretParcelResponse(answer, question(number, ANSWERED_AT));
}

function shipmentIn(result: InterpretedParcel): Shipment {
  if (result.outcome.kind !== 'found') throw new Error(`not found: ${result.outcome.kind}`);
  return result.outcome.shipment;
}

/** A fixture's JSON with `edit` applied, as a 200 answer. */
interface Doc {
  results: { tracking_events: Record<string, unknown>[] };
}

function edited(name: string, edit: (doc: Doc) => void): ParcelAnswer {
  const doc = JSON.parse(fixture(name)) as Doc;
  edit(doc);
  return { status: 200, headers: {}, body: JSON.stringify(doc) };
}

const eventsOf = (doc: Doc) => doc.results.tracking_events;

describe('reading NZ Post error codes', () => {
  it.each<[string, CarrierErrorCode]>([
    ['parcels.missing-parameter', 'bad_response'],
    ['parcels.non-exclusive', 'bad_response'],
    ['parcels.unauthorised', 'auth_failed'],
    ['parcels.general-exception', 'unavailable'],
    ['parcels.systems-offline', 'unavailable'],
  ])('%s fails the whole call with %s', (name, code) => {
    const error = thrown(() => interpret(answerFor(name)));
    expect(error.code).toBe(code);
    expect(error.name).toBe(`CarrierError[nz-post:${code}]`);
  });

  it('fails only the number NZ Post refused (400002), as data', () => {
    const { outcome } = interpret(answerFor('parcels.invalid-reference'));
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.error.code).toBe('invalid_number');
  });

  it('reads success:false inside a 200 by its error code', () => {
    const refused = { ...answerFor('parcels.invalid-reference'), status: 200 };
    expect(interpret(refused).outcome.kind).toBe('failed');
    const offline = { ...answerFor('parcels.systems-offline'), status: 200 };
    expect(thrown(() => interpret(offline)).code).toBe('unavailable');
  });

  it('names only codes of ParcelTrack’s six-digit form in its errors, never copying other vendor text', () => {
    const long = `SECRET ${'Ω'.repeat(1000)}`;
    for (const status of [200, 400, 422]) {
      const body = JSON.stringify({ success: false, errors: [{ code: long, message: 'General Exception' }] });
      const error = thrown(() => interpret({ status, headers: {}, body }));
      expect(error.code).toBe('bad_response');
      expect(error.message).not.toContain('SECRET');
      expect(error.message.length).toBeLessThan(200);
    }
    const known = JSON.stringify({ success: false, errors: [{ code: '400001', message: 'Missing' }] });
    expect(thrown(() => interpret({ status: 400, headers: {}, body: known })).message).toContain('400001');
  });

  it('shows a partial answer (200001) and notes it for a warning', () => {
    const result = interpret(answerFor('parcels.partial-results'), '00942100000000007001');
    expect(shipmentIn(result).status).toBe('in_transit');
    expect(result.notes).toEqual([{ kind: 'partial', code: '200001' }]);
  });

  it('answers not_found for a parcel without scans, without results, or a 404 in the envelope', () => {
    const noRecord = { kind: 'not_found', reason: 'no_record' };
    expect(interpret(answerFor('parcels.no-events'), '00942100000000009005').outcome).toEqual(noRecord);
    expect(interpret({ status: 200, headers: {}, body: '{"success":true}' }).outcome).toEqual(noRecord);
    const missing = { ...answerFor('parcels.invalid-reference'), status: 404 };
    expect(interpret(missing).outcome).toEqual(noRecord);
  });

  it('does not read a 404 from outside the API (a wrong base URL) as not found', () => {
    const page = { status: 404, headers: {}, body: '<html><body>Not Found</body></html>' };
    expect(thrown(() => interpret(page)).code).toBe('bad_response');
  });

  it('carries Retry-After on a 429, in seconds or as a date', () => {
    const seconds = thrown(() => interpret({ status: 429, headers: { 'retry-after': '7' }, body: '' }));
    expect([seconds.code, seconds.retryAfterMs]).toEqual(['rate_limited', 7000]);
    const date = new Date(ANSWERED_AT + 30_000).toUTCString();
    expect(
      thrown(() => interpret({ status: 429, headers: { 'retry-after': date }, body: '' })).retryAfterMs,
    ).toBe(30_000);
  });

  it('refuses an answer about another reference, or an event time that is not a date', () => {
    expect(thrown(() => interpret(answerFor('parcels.out-for-delivery'), 'JP100000271NZ')).code).toBe(
      'bad_response',
    );
    const badTime = edited('parcels.out-for-delivery', (doc) => {
      const [first] = eventsOf(doc);
      if (first) Object.assign(first, { event_datetime: '2024-02-30T10:00:00' });
    });
    expect(thrown(() => interpret(badTime)).code).toBe('bad_response');
  });
});

describe('normalizing a parcel', () => {
  it('reads event times in Pacific/Auckland: +13:00 in February (NZDT), +12:00 in July (NZST)', () => {
    const shipment = shipmentIn(interpret(answerFor('parcels.summer-and-winter'), 'RR123456785NZ'));
    expect(shipment.events.map((e) => [e.time, e.vendorCode, e.status])).toEqual([
      ['2025-07-10T09:30:00+12:00', '80', 'in_transit'],
      ['2025-02-10T09:30:00+13:00', '13', 'in_transit'],
    ]);
    expect(shipment.carrier).toBe('nz-post');
    expect(shipment.fetchedAt).toBe('2026-01-01T03:00:00.000Z');
  });

  it('keeps an explicit offset as the same instant, written in NZ time', () => {
    const answer = edited('parcels.summer-and-winter', (doc) => {
      const [first] = eventsOf(doc);
      if (first) Object.assign(first, { event_datetime: '2025-02-10T09:30:00Z' });
    });
    const times = shipmentIn(interpret(answer, 'RR123456785NZ')).events.map((e) => e.time);
    expect(times).toContain('2025-02-10T22:30:00+13:00');
  });

  it('orders events newest first and takes the status from the newest, whatever order NZ Post used', () => {
    const shipment = shipmentIn(interpret(answerFor('parcels.delivered-signed'), 'JP100000271NZ'));
    expect(shipment.events.map((e) => e.vendorCode)).toEqual(['22', '32', '13']);
    expect(shipment.status).toBe('delivered');
    expect(shipment.carrier).toBe('courierpost');
    expect(shipment.service).toBe('Overnight');
  });

  it('keeps the delivery window of the newest out-for-delivery event, and none once delivered', () => {
    const out = shipmentIn(interpret(answerFor('parcels.out-for-delivery')));
    expect(out.estimatedDelivery).toEqual({
      from: '2024-06-07T08:45:00+12:00',
      to: '2024-06-07T12:45:00+12:00',
    });
    const delivered = shipmentIn(interpret(answerFor('parcels.delivered-signed'), 'JP100000271NZ'));
    expect(delivered.estimatedDelivery).toBeUndefined();
  });

  it('puts a window that ends after midnight on the next day', () => {
    const late = edited('parcels.out-for-delivery', (doc) => {
      const last = eventsOf(doc).at(-1);
      if (last)
        Object.assign(last, { est_delivery_window_start: '22:00:00', est_delivery_window_end: '01:00:00' });
    });
    expect(shipmentIn(interpret(late)).estimatedDelivery).toEqual({
      from: '2024-06-07T22:00:00+12:00',
      to: '2024-06-08T01:00:00+12:00',
    });
  });

  it.each([
    ['an hour past 23', '25:00:00', '12:45:00', { to: '2024-06-07T12:45:00+12:00' }],
    ['text', 'soon', 'later', undefined],
    ['a number', 845, 1245, undefined],
    ['an impossible date', '2024-02-30T08:45:00', '', undefined],
  ])('ignores a window bound that is %s and still reads the parcel', (_what, start, end, expected) => {
    const odd = edited('parcels.out-for-delivery', (doc) => {
      const last = eventsOf(doc).at(-1);
      if (last) Object.assign(last, { est_delivery_window_start: start, est_delivery_window_end: end });
    });
    const shipment = shipmentIn(interpret(odd));
    expect(shipment.estimatedDelivery).toEqual(expected);
    expect(shipment.status).toBe('out_for_delivery');
  });

  it('drops signed_by: neither the signer’s name nor the signature reaches the shipment', () => {
    const shipment = shipmentIn(interpret(answerFor('parcels.delivered-signed'), 'JP100000271NZ'));
    const kept = JSON.stringify(shipment);
    for (const secret of ['Lee Child', 'Lee', 'Child', 'ec608f40-2a8b-11e5-a9c0-025c481d35ef', 'signature']) {
      expect(kept).not.toContain(secret);
    }
    expect(shipment.events[0]?.description.text).toBe(
      'Your item has been delivered and signed for by (name withheld).',
    );
  });

  it('keys events by carrier, number, time, code and text only: message_id and message_datetime do not count', () => {
    const keys = (answer: ParcelAnswer) => shipmentIn(interpret(answer)).events.map((e) => e.key);
    const first = keys(answerFor('parcels.out-for-delivery'));
    const again = edited('parcels.out-for-delivery', (doc) => {
      Object.assign(doc.results, {
        message_id: 'b1f0e7c2-0000-4000-8000-000000000001',
        message_datetime: '2024-06-07T00:30:00.0000000Z',
      });
    });
    expect(keys(again)).toEqual(first);
    const reworded = edited('parcels.out-for-delivery', (doc) => {
      const [firstEvent] = eventsOf(doc);
      if (firstEvent) Object.assign(firstEvent, { event_description: 'Picked up in Christchurch.' });
    });
    expect(keys(reworded)[1]).not.toBe(first[1]);
  });

  it('shows an unmapped code as unknown and notes it, never guessing', () => {
    const answer = edited('parcels.out-for-delivery', (doc) => {
      const last = eventsOf(doc).at(-1);
      if (last) Object.assign(last, { event_edifact_code: '9999' });
    });
    const result = interpret(answer);
    expect(shipmentIn(result).status).toBe('unknown');
    expect(result.notes).toEqual([{ kind: 'unmapped_code', code: '9999' }]);
  });
});
