import { z } from 'zod';
import { SLUG_PATTERN } from '../../domain/index.js';
import { hasControlCharacter } from './control-characters.js';
import { relativePathProblem } from './sandbox.js';

export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_STRING_LENGTH = 4096;

const common = {
  description: z.string().max(1000).optional(),
  /** Defaults to true unless a default is given. */
  required: z.boolean().optional(),
};

/** How a catalogue declares a parameter: a small, safe subset of JSON Schema. */
export const ParameterSpecSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('string'),
      ...common,
      pattern: z
        .string()
        .max(1000)
        .refine((source) => source.startsWith('^') && source.endsWith('$'), {
          error: 'must be anchored: start with ^ and end with $',
        })
        .refine(compiles, { error: 'is not a valid regular expression' })
        .optional(),
      enum: z.array(z.string().min(1).max(MAX_STRING_LENGTH)).min(1).max(200).optional(),
      format: z.literal('slug').optional(),
      minLength: z.int().min(0).max(MAX_STRING_LENGTH).optional(),
      maxLength: z.int().min(1).max(MAX_STRING_LENGTH).default(256),
      /** Values starting with '-' could be read as options by the program; off unless allowed. */
      allowLeadingDash: z.boolean().default(false),
      default: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('integer'),
      ...common,
      minimum: z.int().optional(),
      maximum: z.int().optional(),
      default: z.int().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('boolean'),
      ...common,
      default: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('path'),
      ...common,
      maxLength: z.int().min(1).max(MAX_STRING_LENGTH).default(256),
      default: z.string().optional(),
    })
    .strict(),
]);

export type ParameterSpec = z.output<typeof ParameterSpecSchema>;

/** True when the parameter always has a value in a valid call (required, or has a default). */
export function alwaysPresent(spec: ParameterSpec): boolean {
  return spec.default !== undefined || spec.required !== false;
}

/** The zod schema one argument is checked with; the tool's inputSchema is made of these. */
export function argumentSchema(spec: ParameterSpec): z.ZodType {
  const base = baseSchema(spec);
  const described = spec.description ? base.describe(spec.description) : base;
  if (spec.default !== undefined) return described.default(spec.default as never);
  return spec.required === false ? described.optional() : described;
}

/** The tool's whole inputSchema: every parameter, and nothing else (unknown names are refused). */
export function inputSchemaOf(parameters: Readonly<Record<string, ParameterSpec>>): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(parameters)) shape[name] = argumentSchema(spec);
  return z.object(shape).strict();
}

function baseSchema(spec: ParameterSpec): z.ZodType {
  switch (spec.type) {
    case 'integer': {
      let schema = z.int();
      if (spec.minimum !== undefined) schema = schema.min(spec.minimum);
      if (spec.maximum !== undefined) schema = schema.max(spec.maximum);
      return schema;
    }
    case 'boolean':
      return z.boolean();
    case 'path':
      return z
        .string()
        .max(spec.maxLength)
        .superRefine((value, ctx) => {
          const problem = relativePathProblem(value);
          if (problem) ctx.addIssue({ code: 'custom', message: `the path ${problem}` });
        });
    case 'string':
      return stringSchema(spec);
  }
}

function stringSchema(spec: Extract<ParameterSpec, { type: 'string' }>): z.ZodType {
  if (spec.enum) return z.enum(spec.enum as [string, ...string[]]);
  let schema = z.string().max(spec.maxLength);
  if (spec.minLength !== undefined) schema = schema.min(spec.minLength);
  if (spec.format === 'slug') {
    schema = schema.regex(SLUG_PATTERN, {
      error: "must be a slug: 3-64 of a-z, 0-9 and '-', starting and ending with a letter or digit",
    });
  }
  if (spec.pattern) {
    schema = schema.regex(new RegExp(spec.pattern, 'u'), {
      error: `must match ${spec.pattern}`,
    });
  }
  return schema.superRefine((value, ctx) => {
    if (hasControlCharacter(value)) {
      ctx.addIssue({ code: 'custom', message: 'must not contain control characters' });
    }
    if (!spec.allowLeadingDash && value.startsWith('-')) {
      ctx.addIssue({
        code: 'custom',
        message: "must not start with '-' (it could be read as an option)",
      });
    }
  });
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}
