/** The knobs every bench section shares, from the environment, so a check can run short. */

/** Calls kept in flight by the load generator. */
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** How long each measured window lasts. */
export const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 3000);
/** Rounds per server, alternating between the servers. */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Tasks created before the tasks/get and tasks/list windows. */
export const SEEDED_TASKS = 50;
/** Warm-ups (see warm-up.ts) go in steps of this long. */
export const WARM_UP_MS = 500;
/** Rounds per side of `npm run bench:ab`: more, as its figures are medians. */
export const AB_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
