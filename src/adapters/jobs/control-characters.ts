/* eslint-disable no-control-regex -- matching control characters is the point of this module */

/** C0 control characters and DEL: never wanted in an argument, a path or a status line. */
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROLS = /[\u0000-\u001f\u007f]/g;
/** Terminal escape sequences (colours, cursor moves), as test runners print them. */
const ANSI_SEQUENCES = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** The text as one printable line: escape sequences and control characters removed. */
export function printable(text: string): string {
  return text.replace(ANSI_SEQUENCES, '').replace(CONTROLS, '');
}
