/**
 * Job templates: `{{name}}` stands for a parameter's value. A value always lands inside the one
 * argv element (or directory, or lock name) that holds its placeholder: it is never split, never
 * seen by a shell, and never becomes two arguments.
 */

/** One argument, or a group of arguments included only when a parameter is set (or true). */
export type ArgTemplate = string | { readonly if: string; readonly args: readonly string[] };

export type ArgumentValue = string | number | boolean;

const PLACEHOLDER = /\{\{([A-Za-z_][A-Za-z0-9_]{0,63})\}\}/g;

/** The parameter names a template refers to, or an error message when it is malformed. */
export function placeholdersIn(template: string): { names: string[]; problem?: string } {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) {
    return {
      names,
      problem: "has a malformed placeholder: write {{name}} with a parameter's name",
    };
  }
  return { names };
}

export function render(
  template: string,
  values: Readonly<Record<string, ArgumentValue | undefined>>,
): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for parameter '${name}'`);
    return String(value);
  });
}

/** The argv after the command: groups whose parameter is unset or false are left out. */
export function renderArgs(
  args: readonly ArgTemplate[],
  values: Readonly<Record<string, ArgumentValue | undefined>>,
): string[] {
  const argv: string[] = [];
  for (const arg of args) {
    if (typeof arg === 'string') {
      argv.push(render(arg, values));
      continue;
    }
    const switch_ = values[arg.if];
    if (switch_ === undefined || switch_ === false) continue;
    for (const inner of arg.args) argv.push(render(inner, values));
  }
  return argv;
}
