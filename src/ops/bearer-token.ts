import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Whether a request carries `token`: `Authorization: Bearer <token>` (RFC 6750 §2.1; Prometheus'
 * `authorization` scrape setting, `postie status`), or Basic with the token as the password (RFC 7617;
 * what a browser asks for on the status page, any user name). Compared in constant time over SHA-256
 * digests, so neither the token's length nor its characters show in the timing; nothing is logged.
 * Without a token configured every request may pass.
 */
export function carriesToken(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = req.headers.authorization ?? '';
  const [scheme = '', credentials = ''] = header.split(/\s+/, 2);
  let offered: string | undefined;
  if (scheme.toLowerCase() === 'bearer') offered = credentials;
  else if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    offered = colon < 0 ? undefined : decoded.slice(colon + 1);
  }
  return offered !== undefined && sameSecret(offered, token);
}

function sameSecret(offered: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(offered), digest(expected));
}

/**
 * What a refused request hears: 401 with both schemes offered, one challenge per header (a browser
 * reads Basic from its own header and asks its person for the password), and no detail.
 */
export const REFUSED_HEADERS = {
  'content-type': 'application/json',
  'www-authenticate': ['Basic realm="postie", charset="UTF-8"', 'Bearer realm="postie"'],
};
