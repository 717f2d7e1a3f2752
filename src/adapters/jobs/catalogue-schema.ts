import { z } from 'zod';
import { SLUG_PATTERN } from '../../domain/index.js';
import { DEFAULT_PASSED_ENV, ENV_NAME, isSecretName } from './job-environment.js';
import { PARAMETER_NAME, ParameterSpecSchema } from './job-parameters.js';

const DAY_S = 86_400;
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/;

const envName = z
  .string()
  .regex(ENV_NAME, { error: 'is not a valid environment variable name' })
  .refine((name) => !isSecretName(name), {
    error:
      'looks like a secret (token, password, key, ...) or a task-mcp setting; secrets never reach a job',
  });

const template = z.string().min(1).max(4096);

const ArgSchema = z.union([
  template,
  z
    .object({ if: z.string().regex(PARAMETER_NAME), args: z.array(template).min(1).max(64) })
    .strict(),
]);

export const JobSpecSchema = z
  .object({
    name: z.string().regex(SLUG_PATTERN, {
      error: "must be a slug: 3-64 of a-z, 0-9 and '-', starting and ending with a letter or digit",
    }),
    title: z.string().min(1).max(200).optional(),
    description: z.string().min(1).max(4000),
    command: z.string().min(1).max(4096),
    args: z.array(ArgSchema).max(256).default([]),
    parameters: z
      .record(
        z.string().regex(PARAMETER_NAME, { error: 'parameter names are 1-64 of A-Z a-z 0-9 _' }),
        ParameterSpecSchema,
      )
      .default({}),
    cwd: z.string().min(1).max(1024).default('.'),
    workspace: z.boolean().default(false),
    timeoutSeconds: z.int().min(1).max(DAY_S).default(600),
    killGraceSeconds: z.int().min(1).max(60).default(5),
    maxOutputBytes: z
      .int()
      .min(1024)
      .max(1024 * 1024)
      .default(64 * 1024),
    env: z
      .object({
        pass: z
          .array(envName)
          .max(100)
          .default([...DEFAULT_PASSED_ENV]),
        set: z.record(envName, z.string().max(4096)).default({}),
      })
      .strict()
      .default({ pass: [...DEFAULT_PASSED_ENV], set: {} }),
    scopes: z.array(z.string().regex(SCOPE_TOKEN, { error: 'is not a valid scope' })).default([]),
    taskSupport: z.enum(['required', 'optional']).default('required'),
    /** A question the caller must accept before the program starts; {{name}} placeholders. */
    confirm: z.string().min(1).max(1000).optional(),
    lock: z
      .object({
        name: z.string().min(1).max(200),
        scope: z.enum(['owner', 'global']).default('owner'),
        ttlSeconds: z.int().min(60).max(DAY_S).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type JobSpec = z.output<typeof JobSpecSchema>;

export const CatalogueSchema = z
  .object({
    /** Where shared jobs run; relative to the catalogue file. */
    sandbox: z.string().min(1).max(1024).optional(),
    /** Where per-owner workspaces live; relative to the catalogue file. */
    workspaces: z.string().min(1).max(1024).optional(),
    jobs: z.array(JobSpecSchema).min(1).max(500),
  })
  .strict();
