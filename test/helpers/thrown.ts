import { CarrierError } from '../../src/domain/carrier-error.js';

/** The CarrierError `run` throws; fails the test when it throws nothing or something else. */
export function thrown(run: () => unknown): CarrierError {
  try {
    run();
  } catch (error) {
    if (error instanceof CarrierError) return error;
    throw error;
  }
  throw new Error('expected a CarrierError');
}
