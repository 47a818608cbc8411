import type { Locale } from '../domain/locale.js';

/** Who is reading, and how: every rendering depends on it. */
export interface View {
  readonly locale: Locale;
  /** IANA zone the chat reads times in. */
  readonly timeZone: string;
  /** Now (epoch ms), for "3 hours ago". */
  readonly now: number;
  /** Groups never see signer names or personal details. */
  readonly chatKind: 'private' | 'group';
}
