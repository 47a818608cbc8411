import { parseArgs } from 'node:util';
import type { Candidate } from '../detect/candidate.js';
import { createDetector, type Detector } from '../detect/detector.js';
import { createExtractor, type Extractor } from '../extract/extractor.js';
import type { CliIo } from './cli-io.js';
import { usageOf } from './help.js';

/** `postie detect [--json]`: reads text on stdin, prints each number found with its carriers, best first. */
export async function detectCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(`${usageOf('detect')}\n`);
    return 0;
  }
  const text = await readAll(io.stdin);
  const detector = createDetector();
  // A file or a pipe is not one chat message: read every number in it.
  const extractor = createExtractor({ matcher: detector.matcher, maxNumbers: Number.POSITIVE_INFINITY });
  const { lines } = detectInText(text, { extractor, detector });
  for (const line of lines) {
    io.stdout.write(`${values.json ? JSON.stringify(line) : formatDetectLine(line)}\n`);
  }
  return 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

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
