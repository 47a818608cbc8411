import type { NotificationChannel } from '../domain/notification-channel.js';
import type { Telemetry } from './telemetry.js';

/** The notifier's channel to a platform, each delivery counted: sent, unreachable chat, or failed. */
export function observeChannel(channel: NotificationChannel, telemetry: Telemetry): NotificationChannel {
  return {
    platform: channel.platform,
    async deliver(chat, reply, dedupeKey) {
      try {
        const result = await channel.deliver(chat, reply, dedupeKey);
        telemetry.notification(channel.platform, result);
        return result;
      } catch (error) {
        telemetry.notification(channel.platform, 'failed');
        throw error;
      }
    },
  };
}
