import { requestCarrier } from '../../../../src/carriers/carrier-http.js';
import type { HttpClient, HttpResponse } from '../../../../src/http/http-client.js';
import type { ExamplePostSettings } from './index.js';

/** HTTP and auth for Example Post: `GET {baseUrl}/parcels/{number}` with the key in `X-Api-Key`. */
export function createExamplePostClient(settings: ExamplePostSettings, http: HttpClient, timeoutMs: number) {
  return {
    getParcel: (number: string, signal?: AbortSignal): Promise<HttpResponse> =>
      requestCarrier('example-post', http, {
        method: 'GET',
        url: `${settings.baseUrl}/parcels/${encodeURIComponent(number)}`,
        headers: { 'X-Api-Key': settings.apiKey },
        timeoutMs,
        ...(signal === undefined ? {} : { signal }),
      }),
  };
}
