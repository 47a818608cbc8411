/**
 * The exit statuses of `postie` (README, "The command line"). 78 is `EX_CONFIG` of BSD's sysexits.h,
 * "something was found in an unconfigured or misconfigured state"
 * (https://man.freebsd.org/cgi/man.cgi?query=sysexits&sektion=3), which supervisors can tell from a crash.
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** Failed while running: a lookup failed, an unexpected error, a shutdown that ran out of time. */
  failed: 1,
  /** The command line was wrong: an unknown command or option, a bad value. */
  usage: 2,
  /** The configuration is wrong: an invalid variable, a token refused, a port in use. */
  config: 78,
} as const;
