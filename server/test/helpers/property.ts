// fast-check for the tests, with every property seeded: a run is repeatable,
// and a failure's message carries its seed and path (fast-check prints
// `{ seed: …, path: … }` above the counterexample). SD_FUZZ_SEED=<n> runs the
// properties from another seed; a property that names its own seed keeps it.
// Test files import fc from here, never from 'fast-check' directly.
import fc from 'fast-check';

export const PROPERTY_SEED = Number(process.env.SD_FUZZ_SEED ?? 20_261_207);
if (!Number.isSafeInteger(PROPERTY_SEED)) throw new Error(`SD_FUZZ_SEED must be an integer, got ${process.env.SD_FUZZ_SEED}`);

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: PROPERTY_SEED });

export default fc;
