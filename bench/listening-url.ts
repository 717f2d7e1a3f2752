import type { ChildProcess } from 'node:child_process';

/** The URL a bench server prints on stderr once it listens; rejects if it exits first. */
export function listeningUrl(child: ChildProcess, name: string): Promise<URL> {
  return new Promise<URL>((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output}`)));
  });
}
