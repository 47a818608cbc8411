import type { Candidate } from '../detect/candidate.js';
import type { Detector } from '../detect/detector.js';
import type { Extractor } from '../extract/extractor.js';

/** One line of `postie detect --json`; the shape other tools score, keep it stable (DESIGN.md). */
export interface DetectLine {
  readonly input: string;
  readonly number: string;
  readonly candidates: readonly Candidate[];
}

export interface DetectDeps {
  readonly extractor: Extractor;
  readonly detector: Detector;
}

/** Finds the numbers in `text` and ranks each one's carriers. */
export function detectInText(
  text: string,
  { extractor, detector }: DetectDeps,
): { lines: DetectLine[]; capped: boolean } {
  const extraction = extractor.extract(text);
  const lines = extraction.numbers.map((found) => ({
    input: found.input,
    number: found.number,
    candidates: detector.candidates(found.matches, extraction.hints),
  }));
  return { lines, capped: extraction.capped };
}

const CHECK_MARK = { valid: 'check digit ok', invalid: 'CHECK DIGIT FAILS', none: 'no check digit' } as const;

/** The human-readable form: the number, then its candidates best first. */
export function formatDetectLine(line: DetectLine): string {
  const candidates = line.candidates.map((c, i) => {
    const via = c.adapter ? ` via ${c.adapter}${c.courierCode ? ` (${c.courierCode})` : ''}` : ', no adapter';
    return `  ${i + 1}. ${c.carrier}${via}, ${CHECK_MARK[c.check]}`;
  });
  const written = line.input === line.number ? '' : `  (written "${line.input}")`;
  return [`${line.number}${written}`, ...candidates].join('\n');
}
