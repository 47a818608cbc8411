import type { RuleMatch } from '../detect/format-rule.js';
import type { RuleMatcher } from '../detect/match-rules.js';
import { HINT_SCAN_LIMIT, NO_HINTS, readHints, type TextHints } from '../detect/text-hints.js';
import { type TrackingNumber, toTrackingNumber } from '../domain/tracking-number.js';
import { type Chunk, scanChunks } from './chunks.js';
import { type ContextReader, createContextReader } from './context.js';
import { credibleMatches, type Surroundings, surroundingsAt } from './credibility.js';
import { normalizeText } from './normalize-text.js';
import { MAX_RUNS_FOR_JOINING, segmentChunk } from './segment.js';
import { findLinks } from './urls.js';

const MATCH_CACHE_SIZE = 4096;

/** A tracking number found in a message. */
interface FoundNumber {
  /** The number as the user wrote it (`ＲＢ 000 000 014 ＨＫ`). */
  readonly input: string;
  readonly number: TrackingNumber;
  /** Offsets of `input` in the original message. */
  readonly start: number;
  readonly end: number;
  /** Every format rule the number fits (the detector ranks them into carriers). */
  readonly matches: readonly RuleMatch[];
}

interface Extraction {
  /** Distinct numbers in message order, at most `maxNumbers`. */
  readonly numbers: readonly FoundNumber[];
  /** Whether the message held more numbers than `maxNumbers` (the rest were not read). */
  readonly capped: boolean;
  /** What the words of the message say about regions and carriers (read on the first call). */
  readonly hints: () => TextHints;
}

export interface Extractor {
  extract(message: string): Extraction;
}

export interface ExtractorOptions {
  readonly matcher: RuleMatcher;
  /** @defaultValue 20 — a chat answer per number; more than this in one message is almost surely not a request. */
  readonly maxNumbers?: number;
}

/**
 * Finds tracking numbers in a chat message: NFKC-normalizes it, takes the numbers out of carrier links and
 * skips other links, splits the rest into chunks, and reads each chunk into numbers (`segment.ts`), keeping
 * only those the surrounding words make credible (`credibility.ts`). Linear in the message.
 */
export function createExtractor({ matcher, maxNumbers = 20 }: ExtractorOptions): Extractor {
  return {
    extract(message) {
      const normalized = normalizeText(message);
      const text = normalized.text;
      let context: ContextReader | undefined;
      const contextOf = (): ContextReader => {
        context ??= createContextReader(text);
        return context;
      };

      const found: FoundNumber[] = [];
      const spans: [number, number][] = [];
      const seen = new Set<string>();
      let capped = false;
      const add = (
        number: TrackingNumber,
        start: number,
        end: number,
        matches: readonly RuleMatch[],
      ): boolean => {
        if (seen.has(number)) return true;
        if (found.length === maxNumbers) {
          capped = true;
          return false;
        }
        seen.add(number);
        spans.push([start, end]);
        const originStart = normalized.originStart(start);
        const originEnd = normalized.originEnd(end - 1);
        found.push({
          input: message.slice(originStart, originEnd),
          number,
          start: originStart,
          end: originEnd,
          matches,
        });
        return true;
      };

      // Repeated text (a pasted list, a forwarded thread) asks the same questions many times.
      const matchCache = new Map<string, RuleMatch[]>();
      const match = (number: string): RuleMatch[] => {
        let matches = matchCache.get(number);
        if (!matches) {
          matches = matcher.match(number);
          if (matchCache.size < MATCH_CACHE_SIZE) matchCache.set(number, matches);
        }
        return matches;
      };

      // The chunk being read, and the surroundings of the run where candidates last started (candidates
      // starting at one run share them).
      let chunk: Chunk | undefined;
      let surroundingsStart = -1;
      let surroundings: Surroundings | undefined;
      const surroundingsHere = (): Surroundings => {
        const start = (chunk as Chunk).starts[readingFrom] as number;
        if (start !== surroundingsStart || !surroundings) {
          surroundings = surroundingsAt(contextOf(), start);
          surroundingsStart = start;
        }
        return surroundings;
      };
      let readingFrom = 0;
      const segmentOptions = {
        match,
        acceptsLength: matcher.acceptsLength,
        maxLength: matcher.maxLength,
        accept: (number: string, first: number, last: number, matches: readonly RuleMatch[]) => {
          const current = chunk as Chunk;
          readingFrom = first;
          return credibleMatches(matches, number, current, first, last, surroundingsHere);
        },
      };

      const readChunk = (read: Chunk): boolean => {
        chunk = read;
        surroundings = undefined;
        const pieces = segmentChunk(read, segmentOptions);
        for (const piece of pieces) {
          const start = read.starts[piece.first] as number;
          const end = read.ends[piece.last] as number;
          if (!add(piece.number as TrackingNumber, start, end, piece.matches)) return false;
        }
        return true;
      };
      const limits = { maxRuns: MAX_RUNS_FOR_JOINING, minAloneLength: matcher.minLength };

      let from = 0;
      let stopped = false;
      for (const link of findLinks(text)) {
        stopped = !scanChunks(text, from, link.start, limits, readChunk);
        if (stopped) break;
        for (const value of link.values) {
          const number = toTrackingNumber(value.text);
          const matches = number && number.length <= matcher.maxLength ? matcher.match(number) : [];
          if (number && matches.length > 0 && !add(number, value.start, value.end, matches)) {
            stopped = true;
            break;
          }
        }
        if (stopped) break;
        from = link.end;
      }
      if (!stopped) scanChunks(text, from, text.length, limits, readChunk);

      // Hints only rank the candidates of numbers found, and only numbers with several candidates need
      // them: read them on first use.
      return { numbers: found, capped, hints: lazyHints(text, spans) };
    },
  };
}

/** Reads the hints of `text` on the first call, and remembers them. */
function lazyHints(text: string, spans: readonly [number, number][]): () => TextHints {
  let hints: TextHints | undefined;
  return () => {
    hints ??= spans.length > 0 ? readHints(hintText(text, spans)) : NO_HINTS;
    return hints;
  };
}

/** The message itself when short; otherwise the text around each number, so hints stay cheap on huge input. */
function hintText(text: string, spans: readonly [number, number][]): string {
  if (text.length <= HINT_SCAN_LIMIT) return text;
  const around = 256;
  const parts: string[] = [];
  let budget = HINT_SCAN_LIMIT;
  for (const [start, end] of spans) {
    if (budget <= 0) break;
    const part = text.slice(Math.max(0, start - around), Math.min(text.length, end + around));
    parts.push(part);
    budget -= part.length;
  }
  return parts.join('\n');
}
