import { openStoreBackend } from '../../src/store/open-store-backend.js';
import { openSubscriptionStore } from '../../src/subscriptions/store/open-subscription-store.js';
import type { SubscriptionStore } from '../../src/subscriptions/store/subscription-store.js';

/** A subscription store on an embedded store of its own, in memory; `close` closes that store. */
export async function memorySubscriptionStore(
  onBadRecord: (error: Error) => void = () => undefined,
): Promise<SubscriptionStore & { close(): Promise<void> }> {
  const backend = await openStoreBackend('sqlite://:memory:');
  return { ...openSubscriptionStore(backend, { onBadRecord }), close: () => backend.close() };
}
