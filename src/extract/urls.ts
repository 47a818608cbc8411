/**
 * Links in a message. A carrier's (or a tracking site's) link gives its tracking numbers; any other link is
 * skipped whole, so order ids and tokens in unrelated URLs are never taken for tracking numbers.
 */

export interface Link {
  readonly start: number;
  readonly end: number;
  /** Query values and path segments of a tracking link (empty for any other link). */
  readonly values: readonly { readonly text: string; readonly start: number; readonly end: number }[];
}

/**
 * Hosts whose links carry tracking numbers: the carriers' own tracking pages and the common tracking
 * sites. A link to a subdomain counts (`www.`, `track.`, `tools.usps.com`).
 */
const TRACKING_HOSTS: readonly string[] = [
  'hongkongpost.hk',
  'hongkongpost.com',
  'nzpost.co.nz',
  'courierpost.co.nz',
  'sf-express.com',
  'sf-international.com',
  'sf-intl.com',
  'fuuffy.com',
  'ups.com',
  'fedex.com',
  'usps.com',
  'dhl.com',
  'dhl.de',
  'dhlparcel.nl',
  'royalmail.com',
  'parcelforce.com',
  'evri.com',
  'yodel.co.uk',
  'dpd.co.uk',
  'dpd.com',
  'dpd.de',
  'dpdgroup.com',
  'gls-group.com',
  'gls-group.eu',
  'postnl.nl',
  'auspost.com.au',
  'startrack.com.au',
  'canadapost-postescanada.ca',
  'canadapost.ca',
  'purolator.com',
  'canpar.com',
  'japanpost.jp',
  'kuronekoyamato.co.jp',
  'sagawa-exp.co.jp',
  'ontrac.com',
  'lasership.com',
  'odfl.com',
  'speedeedelivery.com',
  'landmarkglobal.com',
  'gofoexpress.com',
  'amazon.com',
  'cainiao.com',
  'yuntrack.com',
  '4px.com',
  'yw56.com.cn',
  'jtexpress.com.cn',
  'jtexpress.my',
  'jtexpress.ph',
  'jet.co.id',
  'aramex.com',
  'ems.com.cn',
  '11185.cn',
  'chinapost.com.cn',
  'post.gov.tw',
  'macaupost.gov.mo',
  'ctt.gov.mo',
  'epost.go.kr',
  'singpost.com',
  'laposte.fr',
  'bpost.be',
  'correos.es',
  'poste.it',
  'postnord.se',
  'postnord.dk',
  'post.ch',
  'post.at',
  'correios.com.br',
  'indiapost.gov.in',
  'pochta.ru',
  'deutschepost.de',
  '17track.net',
  'trackingmore.com',
  'aftership.com',
  'parcelsapp.com',
  'parcelmonitor.com',
  'ship24.com',
];

/** A URL starts at a scheme or `www.`; it ends at whitespace or at a character URLs do not contain. */
const URL_START = /\bhttps?:\/\/|\bwww\./gi;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters end a URL.
const URL_STOP = /[\s<>"'`{}|\\^\u0000-\u001f\u007f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u4e00-\u9fff]/u;
/** A bare host before a `/`: labels of letters, digits and dashes, ending in an alphabetic top-level domain. */
const BARE_HOST = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}$/i;
const HOST_CHAR = /[A-Za-z0-9.-]/;

/**
 * Finds every link in `text`, in order, without overlaps: `https://…`, `www.…`, and bare `host.tld/…`.
 * Linear: every character is looked at a bounded number of times, and no pattern can backtrack.
 */
export function findLinks(text: string): Link[] {
  const starts: number[] = [];
  for (const m of text.matchAll(URL_START)) starts.push(m.index);
  for (let slash = text.indexOf('/'); slash >= 0; slash = text.indexOf('/', slash + 1)) {
    let d = slash;
    while (d > 0 && HOST_CHAR.test(text[d - 1] as string)) d--;
    if (d < slash && BARE_HOST.test(text.slice(d, slash))) starts.push(d);
  }
  starts.sort((a, b) => a - b);

  const links: Link[] = [];
  let covered = 0;
  for (const start of starts) {
    if (start < covered) continue;
    let end = start;
    while (end < text.length && !URL_STOP.test(text[end] as string)) end++;
    // Sentence punctuation after a link is not part of it.
    while (end > start && /[.,;:!?)\]]/.test(text[end - 1] as string)) end--;
    links.push({ start, end, values: trackingValues(text, start, end) });
    covered = end;
  }
  return links;
}

function trackingValues(text: string, start: number, end: number): Link['values'] {
  const raw = text.slice(start, end);
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return [];
  }
  const host = url.hostname.toLowerCase();
  if (!TRACKING_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return [];
  const pieces = [
    ...[...url.searchParams.values()].flatMap((value) => value.split(/[,;\s|]+/)),
    ...url.pathname.split('/').flatMap((segment) => safeDecode(segment).split(/[,;\s|]+/)),
    ...safeDecode(url.hash.slice(1)).split(/[,;\s|=&/?]+/),
  ];
  // A value is reported where it stands in the link; a decoded one that does not appear verbatim, as the whole link.
  return pieces
    .filter((piece) => piece.length > 0)
    .map((piece) => {
      const at = raw.indexOf(piece);
      return at < 0
        ? { text: piece, start, end }
        : { text: piece, start: start + at, end: start + at + piece.length };
    });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
