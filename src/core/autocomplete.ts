import { notableCarriers } from '../carriers/catalogue.js';
import type { ChatRef } from '../domain/chat.js';
import type { Subscriptions } from '../subscriptions/subscriptions.js';

export interface AutocompleteChoice {
  readonly label: string;
  readonly value: string;
}

/** Discord allows 25 choices (https://discord.com/developers/docs/interactions/application-commands#autocomplete). */
const MAX_CHOICES = 25;

/** Suggestions as the user types an option: the chat's subscriptions, carriers, or time zones. */
export async function autocomplete(
  chat: ChatRef,
  command: string,
  option: string,
  partial: string,
  deps: { readonly subscriptions: Subscriptions },
): Promise<AutocompleteChoice[]> {
  const wanted = partial.trim().toLowerCase();
  const matches = (...texts: (string | undefined)[]) => texts.some((t) => t?.toLowerCase().includes(wanted));
  if (command === 'unsubscribe' && option === 'number') {
    const items = (await deps.subscriptions.list(chat)).map((p) => p.subscription);
    return items
      .filter((s) => matches(s.number, s.label))
      .slice(0, MAX_CHOICES)
      .map((s) => ({ label: s.label ? `${s.label} (${s.number})` : s.number, value: s.number }));
  }
  if (command === 'track' && option === 'carrier') {
    return notableCarriers()
      .filter((c) => matches(c.id, c.name, ...c.aliases))
      .slice(0, MAX_CHOICES)
      .map((c) => ({ label: c.name, value: c.id }));
  }
  if (command === 'timezone' && option === 'zone') {
    return Intl.supportedValuesOf('timeZone')
      .filter((z) => matches(z))
      .slice(0, MAX_CHOICES)
      .map((z) => ({ label: z, value: z }));
  }
  return [];
}
