import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CarrierSandbox } from '../../../../src/carriers/manifest.js';
import { startSandboxServer } from '../../../../src/carriers/sandbox-kit/sandbox-server.js';

const delivered = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'parcels.delivered.json'), 'utf8'),
) as {
  readonly parcel: { readonly number: string };
};

export const EXAMPLE_POST_SANDBOX_KEY = 'sandbox-key';
/** The one parcel the sandbox knows: the fixture's. */
export const EXAMPLE_POST_PARCEL = delivered.parcel.number;

/** A loopback Example Post: the fixture's parcel for the sandbox key, 401 for any other key, 404 otherwise. */
export const examplePostSandbox: CarrierSandbox = {
  start: ({ clock, port }) =>
    startSandboxServer({
      clock,
      ...(port === undefined ? {} : { port }),
      handle: (request) => {
        if (request.headers['x-api-key'] !== EXAMPLE_POST_SANDBOX_KEY) return { status: 401, body: {} };
        const known = request.method === 'GET' && request.path === `/v1/parcels/${EXAMPLE_POST_PARCEL}`;
        return known ? { status: 200, body: delivered } : { status: 404, body: { error: 'not found' } };
      },
    }),
  env: (server) => ({
    EXAMPLE_POST_API_KEY: EXAMPLE_POST_SANDBOX_KEY,
    EXAMPLE_POST_BASE_URL: `${server.url}/v1`,
  }),
};
