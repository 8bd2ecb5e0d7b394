/**
 * Preloaded (`--expose-gc --import <this file compiled>`) into the processes the
 * memory benchmark measures: SIGUSR2 runs a full garbage collection, so the heap and RSS read
 * afterwards are what the process retains, not garbage V8 has not got round to collecting.
 */
const gc = (globalThis as { gc?: () => void }).gc;
process.on("SIGUSR2", () => gc?.());
