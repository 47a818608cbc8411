/**
 * Fuuffy order ids in a message. Fuuffy (seeds/003) looks a merchant's parcels up by its own order id
 * (`GET /tracking/get/{order_id}`, e.g. 3550875) as well as by tracking number; an order id is a bare
 * run of digits that any shop's order number could be, so it counts only where Fuuffy is named before
 * it: "Fuuffy order 3550875", "fuuffy #3550875", "Fuuffy 訂單 3550875", "Fuuffy orders 3550875 and
 * 3550806". A run of digits alone is never read as one (nor as a carrier number: see `credibility.ts`).
 */

/** One order id found, as written and where (UTF-16 offsets in the text searched). */
interface FuuffyOrder {
  readonly orderId: string;
  readonly start: number;
  readonly end: number;
}

export interface FuuffyOrders {
  /** Each order id once, in the order written. */
  readonly orders: readonly FuuffyOrder[];
  /** The text with every mention blanked out (same length), for the number extractor to read. */
  readonly rest: string;
}

/**
 * Digits of a Fuuffy order id. The seed's examples have 7 (3550806, 3550875); Fuuffy documents no
 * length, so 4 to 12 are taken (anything longer is no order number a person types).
 */
const ORDER_ID = String.raw`\d{4,12}`;
/**
 * "order", "order id", "order no.", "order number", "訂單(號碼)", "订单(号码)", each optional, then `:`
 * or `#`. Every run of spaces is read by one quantifier only (each optional part starts with a
 * non-space), so a long run of spaces costs one pass, never a backtracking search.
 */
const ORDER_WORD = String.raw`(?:(?:orders?(?:\s*(?:ids?|no\.?|numbers?))?|訂單(?:號碼?)?|订单(?:号码?)?)\s*)?(?:[:：#]\s*)?`;
/** Between two ids of one mention: a comma, a slash, "and", "、", "和", "及", or only spaces. */
const BETWEEN = String.raw`(?:\s*(?:[,，、/&]|and|和|及)\s*|\s+)`;

const MENTION = new RegExp(
  String.raw`(?<![\p{L}\p{N}])fuuffy\s*${ORDER_WORD}(${ORDER_ID}(?:${BETWEEN}#?${ORDER_ID})*)(?![\p{L}\p{N}])`,
  'giu',
);
/** `order:3550806`, the command form CARRIERS.md names (only in `/track`, where the person asked for it). */
const COMMAND_FORM = new RegExp(String.raw`(?<![\p{L}\p{N}])order[:：](${ORDER_ID})(?![\p{L}\p{N}])`, 'giu');
const BARE = new RegExp(String.raw`(?<![\p{L}\p{N}])${ORDER_ID}(?![\p{L}\p{N}])`, 'gu');

/**
 * Which order ids to read: `named` only ids after "Fuuffy" (any message); `command` those and
 * `order:NNN` (typed in `/track`, CARRIERS.md's form); `all` those and every run of digits (`/track
 * 3550875 fuuffy`: the person said so).
 */
export type OrderReading = 'named' | 'command' | 'all';

export interface FindOptions {
  /** @defaultValue `named` */
  readonly reading?: OrderReading;
}

/**
 * The Fuuffy order ids in `text` (NFKC-folded first, so full-width digits count; the `rest` is of the
 * folded text). Linear: each pattern is one pass without nested quantifiers over the same characters.
 */
export function findFuuffyOrders(text: string, options: FindOptions = {}): FuuffyOrders {
  const folded = text.normalize('NFKC');
  const spans: { start: number; end: number }[] = [];
  const ids: FuuffyOrder[] = [];
  const seen = new Set<string>();
  const add = (start: number, end: number, within: string) => {
    spans.push({ start, end });
    for (const id of within.matchAll(BARE)) {
      const orderId = id[0];
      if (seen.has(orderId)) continue;
      seen.add(orderId);
      const at = start + (id.index ?? 0);
      ids.push({ orderId, start: at, end: at + orderId.length });
    }
  };
  const reading = options.reading ?? 'named';
  const patterns =
    reading === 'all'
      ? [MENTION, COMMAND_FORM, BARE]
      : reading === 'command'
        ? [MENTION, COMMAND_FORM]
        : [MENTION];
  for (const pattern of patterns) {
    for (const match of folded.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (spans.some((s) => start < s.end && end > s.start)) continue;
      add(start, end, match[0]);
    }
  }
  let rest = folded;
  for (const { start, end } of spans) rest = rest.slice(0, start) + ' '.repeat(end - start) + rest.slice(end);
  return { orders: ids.sort((a, b) => a.start - b.start), rest };
}
