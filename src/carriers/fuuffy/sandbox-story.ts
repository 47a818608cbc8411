import type { StoryEvent, StoryStage } from '../sandbox-kit/sandbox-server.js';
import type { SandboxParcel } from './sandbox-parcels.js';

/** Each stage as an SF Express route step: opCodes of `status.ts`, in Hong Kong. */
const ROUTES: Readonly<Record<StoryStage, { readonly code: string; readonly message: string }>> = {
  info_received: { code: '647', message: '寄方准备快件中' },
  in_transit: { code: '30', message: '快件在【香港观塘营业点】已装车,准备发往 【香港中转场】' },
  out_for_delivery: { code: '44', message: '正在派送途中,请您准备签收(派件人:陈先生)' },
  delivered: { code: '80', message: '已签收,感谢使用顺丰,期待再次为您服务' },
};

/**
 * `events` (those visible now) as the sandbox's parcel, timed from the sandbox's start `startedAt`. Its
 * order id is the number's digits (a story names no order).
 */
export function storyParcel(
  trackingNumber: string,
  events: readonly StoryEvent[],
  startedAt: number,
): SandboxParcel {
  return {
    trackingNumber,
    orderId: trackingNumber.replace(/\D/g, '').slice(-12) || '0',
    orderStatus: '列印及安排取件',
    exportCountry: 'HONG KONG',
    destinationCountry: 'Hong Kong',
    steps: events.map((e) => ({
      afterMs: e.at - startedAt,
      event: { ...ROUTES[e.stage], location: '香港' },
    })),
  };
}
