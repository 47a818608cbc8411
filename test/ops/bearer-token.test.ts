import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { carriesToken } from '../../src/ops/bearer-token.js';

const TOKEN = 'metrics-token-0123456789';
const request = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('carriesToken', () => {
  it('lets every request through when no token is configured', () => {
    expect(carriesToken(request(), undefined)).toBe(true);
  });

  it('accepts the token as a bearer token or as a Basic password, whatever the user name', () => {
    expect(carriesToken(request(`Bearer ${TOKEN}`), TOKEN)).toBe(true);
    expect(carriesToken(request(`bearer ${TOKEN}`), TOKEN)).toBe(true);
    expect(carriesToken(request(basic('ops', TOKEN)), TOKEN)).toBe(true);
    expect(carriesToken(request(basic('', TOKEN)), TOKEN)).toBe(true);
  });

  it('refuses no header, another scheme, a prefix or extension of the token, and the token as user name', () => {
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Token ${TOKEN}`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}0`,
      'Bearer ',
      basic(TOKEN, ''),
      `Basic ${Buffer.from(TOKEN).toString('base64')}`,
    ]) {
      expect(carriesToken(request(header), TOKEN), String(header)).toBe(false);
    }
  });
});
