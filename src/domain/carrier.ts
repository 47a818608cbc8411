/**
 * Who moves a parcel, in kebab-case: `hongkong-post`, `nz-post`, `sf-express`, `ups`. The catalogue of
 * known carriers is `src/carriers/catalogue.ts`.
 */
export type CarrierId = string;

/**
 * How Postie asks about a parcel, in kebab-case: `hongkong-post`, `trackingmore`. One adapter can serve
 * many carriers; the adapters are listed in `src/carriers/registry.ts`.
 */
export type AdapterId = string;
