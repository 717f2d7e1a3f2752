import {
  alwaysPresent,
  argumentSchema,
  inputSchemaOf,
  ParameterSpecSchema,
} from '../../../src/adapters/jobs/job-parameters.js';

/** A parameter as the catalogue declares it, with the catalogue's defaults filled in. */
const spec = (declared: Record<string, unknown>) => ParameterSpecSchema.parse(declared);
const accepts = (declared: Record<string, unknown>, value: unknown) =>
  argumentSchema(spec(declared)).safeParse(value).success;
const problem = (declared: Record<string, unknown>, value: unknown) =>
  argumentSchema(spec(declared)).safeParse(value).error?.issues[0]?.message;

describe('job parameters', () => {
  it('checks strings against their length, enum, slug format and anchored pattern', () => {
    expect(accepts({ type: 'string' }, 'x'.repeat(256))).toBe(true);
    expect(accepts({ type: 'string' }, 'x'.repeat(257))).toBe(false);
    expect(accepts({ type: 'string', minLength: 2 }, 'x')).toBe(false);
    expect(accepts({ type: 'string', enum: ['staging', 'production'] }, 'staging')).toBe(true);
    expect(accepts({ type: 'string', enum: ['staging', 'production'] }, 'dev')).toBe(false);
    expect(accepts({ type: 'string', format: 'slug' }, 'web-app')).toBe(true);
    expect(problem({ type: 'string', format: 'slug' }, 'Web App')).toMatch(/must be a slug/);
    expect(problem({ type: 'string', pattern: '^v[0-9]+$' }, 'v1x')).toBe('must match ^v[0-9]+$');
  });

  it("refuses control characters, and a leading '-' unless the parameter allows it", () => {
    expect(problem({ type: 'string' }, 'a\nb')).toBe('must not contain control characters');
    expect(problem({ type: 'string' }, '--force')).toBe(
      "must not start with '-' (it could be read as an option)",
    );
    expect(accepts({ type: 'string', allowLeadingDash: true }, '-1')).toBe(true);
  });

  it('checks integers against their bounds and refuses fractions', () => {
    const count = { type: 'integer', minimum: 1, maximum: 10 };
    expect(accepts(count, 10)).toBe(true);
    expect(accepts(count, 11)).toBe(false);
    expect(accepts(count, 0)).toBe(false);
    expect(accepts(count, 1.5)).toBe(false);
    expect(accepts(count, '5')).toBe(false);
  });

  it('takes only true or false for a boolean', () => {
    expect(accepts({ type: 'boolean' }, false)).toBe(true);
    expect(accepts({ type: 'boolean' }, 'true')).toBe(false);
  });

  it('refuses a path that could leave the sandbox, saying why', () => {
    expect(accepts({ type: 'path' }, 'src/app.ts')).toBe(true);
    expect(problem({ type: 'path' }, '../secrets')).toMatch(/^the path must not contain '\.\.'/);
    expect(problem({ type: 'path' }, '/etc/passwd')).toMatch(/^the path /);
  });

  it('fills in a default, and lets an optional parameter be left out', () => {
    expect(argumentSchema(spec({ type: 'integer', default: 3 })).parse(undefined)).toBe(3);
    expect(argumentSchema(spec({ type: 'string', required: false })).parse(undefined)).toBe(
      undefined,
    );
    expect(accepts({ type: 'string' }, undefined)).toBe(false);
  });

  it('knows which parameters always have a value', () => {
    expect(alwaysPresent(spec({ type: 'string' }))).toBe(true);
    expect(alwaysPresent(spec({ type: 'string', required: false }))).toBe(false);
    expect(alwaysPresent(spec({ type: 'string', required: false, default: 'main' }))).toBe(true);
  });

  it('makes an input schema of every parameter that refuses any other name', () => {
    const schema = inputSchemaOf({
      branch: spec({ type: 'string', description: 'The branch to build' }),
      verbose: spec({ type: 'boolean', default: false }),
    });
    expect(schema.parse({ branch: 'main' })).toEqual({ branch: 'main', verbose: false });
    expect(schema.safeParse({ branch: 'main', shell: 'rm -rf /' }).success).toBe(false);
    expect(schema.shape.branch!.description).toBe('The branch to build');
  });
});
