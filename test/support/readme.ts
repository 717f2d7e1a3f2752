import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './isolated-env.js';

export const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The README's fenced code blocks of one language, in order. */
export function readmeBlocks(language: string): string[] {
  const fence = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  return [...readme.matchAll(fence)].map((match) => match[1]!);
}

/** The one block of `language` that contains `marker`; fails loudly if there is not exactly one. */
export function readmeBlock(language: string, marker: string): string {
  const found = readmeBlocks(language).filter((block) => block.includes(marker));
  if (found.length !== 1) {
    throw new Error(`expected one \`\`\`${language} block with ${marker}, found ${found.length}`);
  }
  return found[0]!;
}
