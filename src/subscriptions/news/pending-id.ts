import { createHash } from 'node:crypto';

/** A notification's stable name (Discord nonce, ≤ 25 characters): the same after a crash and a resend. */
export function pendingId(chat: string, number: string, since: number): string {
  return createHash('sha256').update(`${chat}|${number}|${since}`).digest('base64url').slice(0, 20);
}
