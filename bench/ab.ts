/**
 * npm run bench:ab -- <other checkout>: this checkout's task-mcp (A) against another checkout's
 * build (B: <dir>/dist/src/main.js, built there beforehand), on this machine in one run, each
 * started the same way with the same environment. Every line runs A then B, round after round,
 * so whatever else the machine is doing falls on both; the figures are medians of the rounds.
 * How we show that a change leaves no line slower.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AB_ROUNDS, CONCURRENCY, DURATION_MS } from './bench-settings.js';
import { TASK_MCP_MAIN } from './bench-servers.js';
import { abLines } from './ab-lines.js';
import { printAbLine, type Sides } from './ab-report.js';
import { LocalIssuer } from './local-issuer.js';
import { adminUrlForDisplay, postgresAnswers } from './postgres.js';

function otherBuild(): string {
  const dir = process.argv[2];
  const main = dir === undefined ? undefined : resolve(dir, 'dist/src/main.js');
  if (main === undefined || !existsSync(main)) {
    console.error('usage: npm run bench:ab -- <checkout whose dist/src/main.js is built>');
    if (main !== undefined) console.error(`  no ${main}: run npm run build there first`);
    process.exit(2);
  }
  return main;
}

async function main(): Promise<void> {
  const b = otherBuild();
  console.log(`A = this checkout: ${TASK_MCP_MAIN}`);
  console.log(`B = the other one: ${b}`);
  console.log(
    `${AB_ROUNDS} rounds per side, alternating A, B on each line; concurrency ${CONCURRENCY}, ${DURATION_MS} ms windows, a fresh server per round`,
  );
  const withPostgres = await postgresAnswers();
  if (!withPostgres) {
    console.log(`PostgreSQL lines skipped: no server answers at ${adminUrlForDisplay()}`);
  }
  const issuer = await LocalIssuer.start();
  try {
    // BENCH_AB_LINES=PostgreSQL,JWT runs only the lines whose names contain one of the words.
    const wanted = process.env.BENCH_AB_LINES?.split(',').map((word) => word.trim());
    const lines = (await abLines(issuer, withPostgres)).filter(
      (line) => !wanted || wanted.some((word) => line.name.includes(word)),
    );
    const rounds = new Map<string, Record<string, Sides>>();
    for (let round = 0; round < AB_ROUNDS; round++) {
      for (const line of lines) {
        const a = await line.measure(TASK_MCP_MAIN);
        const bs = await line.measure(b);
        const kept = rounds.get(line.name) ?? {};
        for (const scenario of Object.keys(a)) {
          const sides = (kept[scenario] ??= { a: [], b: [] });
          sides.a.push(a[scenario]!);
          sides.b.push(bs[scenario]!);
        }
        rounds.set(line.name, kept);
      }
      console.error(`round ${round + 1} of ${AB_ROUNDS} done`);
    }
    console.log('');
    console.log('req/s: median of the rounds. µs/req: server CPU (user + system) per request,');
    console.log('pooled over the rounds. B/A of req/s below 1: B serves fewer; B/A of µs/req');
    console.log('above 1: B spends more CPU per request. "rounds" gives the lowest and highest');
    console.log("B/A of a round against the A round just before it: the run's noise.");
    for (const [name, scenarios] of rounds) {
      console.log('');
      printAbLine(name, scenarios);
    }
  } finally {
    await issuer.close();
  }
}

await main();
