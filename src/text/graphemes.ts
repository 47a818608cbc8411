/**
 * The grapheme segmenter every text cut shares (user-perceived characters, UAX #29), made on first use:
 * creating an `Intl.Segmenter` loads ICU's break-iteration data, about 10 ms of CPU, which a process
 * that never cuts text (`postie start` with nothing to reply yet) should not pay while starting.
 */
let segmenter: Intl.Segmenter | undefined;

export function graphemeSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}
