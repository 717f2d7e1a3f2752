import { z } from 'zod';

/** Value parsers shared by every group of settings; each error reads as "expected ...". */

export const DAY_MS = 86_400_000;

export const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { error: `a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `at least ${min}` })
        .max(max, { error: `at most ${max}` }),
    );

export const flag = z
  .enum(['true', 'false'], { error: "'true' or 'false'" })
  .transform((v) => v === 'true');
