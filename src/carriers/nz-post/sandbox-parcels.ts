import { HOUR_MS, type TimelineStep } from '../sandbox-kit/timeline.js';

/**
 * The sandbox's scripted parcels. Each step becomes visible `afterMs` after the sandbox starts (negative:
 * already there at start). Its `event_datetime` is that moment in NZ time, unless `at` fixes the wall
 * time (the seed's own example and the daylight-saving parcel). Together they use every status of the
 * EDIFACT table in `status.ts`. Signer names and signatures are made up.
 */
export interface SandboxEvent {
  /** `event_edifact_code`. */
  readonly code: string;
  /** `status_description`. */
  readonly status: string;
  /** `event_description`. */
  readonly text: string;
  /** Fixed NZ wall time, `YYYY-MM-DDTHH:MM:SS`. */
  readonly at?: string;
  /** `est_delivery_window_start/end`; `auto` is 1 to 4 hours after the event. */
  readonly window?: readonly [string, string] | 'auto';
  /**
   * From `afterMs` after the sandbox's start on, the `auto` window moves `laterByHours` later: NZ Post
   * revises the window of the same scan as the courier's run goes (the event keeps its identity).
   */
  readonly revised?: { readonly afterMs: number; readonly laterByHours: number };
  readonly signedBy?: { readonly name: string; readonly signature: string };
  /** Other fields sent as they are (`pbu`, `seqref`). */
  readonly extra?: Readonly<Record<string, string>>;
}

export interface SandboxParcel {
  readonly reference: string;
  /** `results.carrier`. */
  readonly carrier: string;
  readonly service?: string;
  readonly steps: readonly TimelineStep<SandboxEvent>[];
  /** Warning NZ Post adds to a successful answer (`200001` partial results). */
  readonly warning?: { readonly code: string; readonly message: string };
}

const H = HOUR_MS;
const ALWAYS = -30 * 24 * H;
const step = (afterMs: number, event: SandboxEvent): TimelineStep<SandboxEvent> => ({ afterMs, event });
const ev = (code: string, status: string, text: string, more: Partial<SandboxEvent> = {}): SandboxEvent => ({
  code,
  status,
  text,
  ...more,
});

const pickedUp = (where: string): SandboxEvent => ({
  code: '13',
  status: 'Picked up',
  text: `Your item was picked up by our courier based at ${where}.`,
});
const atDepot = (where: string): SandboxEvent => ({
  code: '8',
  status: 'Processing at depot',
  text: `Your item is being processed at our ${where} depot.`,
});
const withCourier: SandboxEvent = {
  code: '32',
  status: 'With courier for delivery',
  text: 'Your item is with our courier for delivery. It should be with you today',
  window: 'auto',
};

/** Tracking references of the scripted parcels, by what each shows. */
export const NZPOST_SANDBOX_NUMBERS = {
  /**
   * seeds/002 sample request: CourierPost Overnight, out for delivery an hour after start (its window moved
   * an hour later an hour after that), then delivered and signed for.
   */
  seedRequest: 'JP100000271NZ',
  /** seeds/002 event example (code 13, picked up at Penrose); out for delivery two hours after start. */
  seedPickedUp: '00393311680005810444',
  /** seeds/002 sample response verbatim: out for delivery on 7 June 2024, window 08:45–12:45. */
  seedOutForDelivery: '00894210379306766768',
  /** Delivered and signed for: name and signature are in the raw payload only. */
  deliveredSigned: '00942100000000001009',
  /** Crosses the start of NZ daylight saving (28 Sep 2025): NZST +12:00 then NZDT +13:00. */
  daylightSaving: '00942100000000002006',
  /** International S10 item leaving New Zealand. */
  international: 'RR123456785NZ',
  /** Delivery attempted (failed_attempt), then ready to collect (available_for_pickup) 4 h after start. */
  attemptedThenCollect: '00942100000000003003',
  /** Courier to collect (info_received), pick-up attempted, picked up a day after start. */
  awaitingCollection: '00942100000000004000',
  /** In a ParcelPod, expired (exception), back at the return address two days after start. */
  parcelPodReturned: '00942100000000005007',
  /** With RuralPost for delivery, delivered 6 h after start. */
  ruralDelivery: '00942100000000006004',
  /** Found, with NZ Post's 200001 "partial results" warning. */
  partialResults: '00942100000000007001',
  /** No scans yet at start (not found); picked up 2 h after start. */
  labelOnly: '00942100000000009005',
  /** Well-formed, but the sandbox has no record of it. */
  notFound: '00942100000000008008',
  /** Refused by NZ Post with 400002 (not shaped like any NZ Post reference). */
  refused: 'NZ1234',
} as const;

const N = NZPOST_SANDBOX_NUMBERS;

export const NZPOST_SANDBOX_PARCELS: readonly SandboxParcel[] = [
  {
    reference: N.seedRequest,
    carrier: 'CourierPost',
    service: 'Overnight',
    steps: [
      step(-26 * H, pickedUp('Penrose')),
      step(-20 * H, atDepot('Auckland')),
      step(-8 * H, ev('77', 'In transit to local depot', 'Your item is on its way to the local depot.')),
      step(1 * H, { ...withCourier, revised: { afterMs: 2 * H, laterByHours: 1 } }),
      step(
        5 * H,
        ev('22', 'Delivered', 'Your item has been delivered and signed for by Lee Child.', {
          signedBy: { name: 'Lee Child', signature: 'ec608f40-2a8b-11e5-a9c0-025c481d35ef' },
        }),
      ),
    ],
  },
  {
    reference: N.seedPickedUp,
    carrier: 'CourierPost',
    steps: [
      step(-3 * H, { ...pickedUp('Penrose'), extra: { seqref: '2631897613' } }),
      step(-1 * H, atDepot('Auckland')),
      step(2 * H, withCourier),
    ],
  },
  {
    reference: N.seedOutForDelivery,
    carrier: 'CourierPost',
    service: 'Overnight',
    steps: [
      step(ALWAYS, { ...pickedUp('Christchurch'), at: '2024-06-06T16:12:09' }),
      step(ALWAYS, { ...atDepot('Christchurch'), at: '2024-06-06T22:40:51' }),
      step(ALWAYS, {
        ...withCourier,
        at: '2024-06-07T08:33:32',
        window: ['08:45:00', '12:45:00'],
        signedBy: { name: '', signature: '' },
        extra: { seqref: '7061187316', pbu: '082392' },
      }),
    ],
  },
  {
    reference: N.deliveredSigned,
    carrier: 'NZ Post',
    service: 'ParcelPost Tracked',
    steps: [
      step(-50 * H, pickedUp('Wellington')),
      step(-30 * H, ev('85', 'In transit to depot', 'Your item is on its way to our depot.')),
      step(-26 * H, ev('56', 'Item at depot', 'Your item has arrived at our Hamilton depot.')),
      step(-6 * H, withCourier),
      step(
        -2 * H,
        ev('22', 'Delivered', 'Delivered. Signed for by Aroha Ngata.', {
          signedBy: {
            name: 'Aroha Ngata',
            signature: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk',
          },
        }),
      ),
    ],
  },
  {
    reference: N.daylightSaving,
    carrier: 'CourierPost',
    service: 'Overnight',
    steps: [
      step(ALWAYS, { ...pickedUp('Dunedin'), at: '2025-09-26T15:42:10' }),
      step(ALWAYS, { ...atDepot('Christchurch'), at: '2025-09-27T21:05:44' }),
      step(
        ALWAYS,
        ev('77', 'In transit to local depot', 'Your item is on its way to the local depot.', {
          at: '2025-09-28T04:10:00',
        }),
      ),
      step(ALWAYS, { ...withCourier, at: '2025-09-29T07:55:31', window: ['09:00:00', '13:00:00'] }),
      step(
        ALWAYS,
        ev('22', 'Delivered', 'Your item has been delivered. It was left in a safe place.', {
          at: '2025-09-29T11:20:02',
          signedBy: { name: '', signature: '' },
        }),
      ),
    ],
  },
  {
    reference: N.international,
    carrier: 'NZ Post',
    service: 'International Courier',
    steps: [
      step(-72 * H, { ...pickedUp('Wellington Central'), extra: { source: 'IPS' } }),
      step(-48 * H, atDepot('Auckland International Mail Centre')),
      step(
        -20 * H,
        ev('80', 'Left New Zealand', 'Your item has left New Zealand and is on its way to its destination.'),
      ),
    ],
  },
  {
    reference: N.attemptedThenCollect,
    carrier: 'CourierPost',
    steps: [
      step(-30 * H, pickedUp('Albany')),
      step(-20 * H, atDepot('Auckland')),
      step(-6 * H, withCourier),
      step(
        -3 * H,
        ev('42', 'Delivery attempted', 'We tried to deliver your item but no one was home. A card was left.'),
      ),
      step(
        4 * H,
        ev(
          '141',
          'Ready to collect',
          'Your item is ready to collect from Ponsonby PostShop. Bring photo ID.',
        ),
      ),
    ],
  },
  {
    reference: N.awaitingCollection,
    carrier: 'CourierPost',
    steps: [
      step(-2 * H, ev('78', 'Courier to collect', 'A courier has been booked to collect your item.')),
      step(
        3 * H,
        ev('60', 'Pick up attempted', 'Our courier tried to collect your item but it was not ready.'),
      ),
      step(24 * H, pickedUp('Tauranga')),
    ],
  },
  {
    reference: N.parcelPodReturned,
    carrier: 'NZ Post',
    steps: [
      step(-120 * H, pickedUp('Nelson')),
      step(
        -100 * H,
        ev('148', 'Item on way to collection point', 'Your item is on its way to the ParcelPod.'),
      ),
      step(-96 * H, ev('147', 'In ParcelPod', 'Your item is in the ParcelPod at Richmond Mall.')),
      step(
        -12 * H,
        ev('63', 'ParcelPod expired', 'Your item was not collected in time and will be returned.'),
      ),
      step(48 * H, ev('67', 'Arrived at Return Address', 'Your item has been returned to the sender.')),
    ],
  },
  {
    reference: N.ruralDelivery,
    carrier: 'NZ Post',
    steps: [
      step(-20 * H, pickedUp('Palmerston North')),
      step(-5 * H, ev('142', 'With RuralPost for delivery', 'Your item is with RuralPost for delivery.')),
      step(6 * H, ev('22', 'Delivered', 'Your item has been delivered to the rural mailbox.')),
    ],
  },
  {
    reference: N.partialResults,
    carrier: 'CourierPost',
    steps: [step(-10 * H, pickedUp('Hastings')), step(-4 * H, atDepot('Napier'))],
    warning: { code: '200001', message: 'Partial results returned, not all system(s) have responded' },
  },
  {
    reference: N.labelOnly,
    carrier: 'CourierPost',
    service: 'Overnight',
    steps: [step(2 * H, pickedUp('Rotorua'))],
  },
];
