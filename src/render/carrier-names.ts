import { carrierInfo } from '../carriers/catalogue.js';
import { adapterLabel } from '../carriers/registry.js';
import type { CarrierId } from '../domain/carrier.js';
import { UNKNOWN_CARRIER } from '../tracking/tracking-service.js';
import { cleanText } from './carrier-text.js';
import type { RenderContext } from './render-context.js';

/**
 * What the reader calls a carrier: the name in their language where the locale files have one
 * (`carriers.<id>`, e.g. 香港郵政), else the catalogue's name, else the id as the adapter gave it (a
 * TrackingMore courier code Postie has no name for). `null` and `unknown` are "Unknown carrier".
 */
export function carrierName(carrier: CarrierId | null, ctx: RenderContext): string {
  if (carrier === null || carrier === UNKNOWN_CARRIER) return ctx.t('tracking.unknown_carrier');
  const key = `carriers.${carrier}`;
  if (ctx.has(key)) return ctx.t(key);
  return carrierInfo(carrier)?.name ?? cleanText(carrier, 40) ?? ctx.t('tracking.unknown_carrier');
}

/**
 * What the reader calls a tracking service (an adapter: Hongkong Post, TrackingMore), from
 * `services.<id>`, else the label its manifest gives (an adapter not translated yet); for anything
 * else, the carrier's name.
 */
export function serviceName(adapter: string, carrier: CarrierId | null, ctx: RenderContext): string {
  const key = `services.${adapter}`;
  if (ctx.has(key)) return ctx.t(key);
  return adapterLabel(adapter) ?? carrierName(carrier, ctx);
}
