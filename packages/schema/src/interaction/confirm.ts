/**
 * Asking the user before destructive work (delete, drop) when `safemode` is on. On a
 * terminal the question is asked; without one the operation is refused, since nobody
 * could answer.
 */
import * as readline from 'node:readline/promises';
import { DataJointError, type Config } from '@dj/core';

/** Answers a yes/no question; replaceable in tests and by applications. */
export type Confirmer = (question: string) => Promise<boolean>;

const terminalConfirm: Confirmer = async (question) => {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} [yes, No]: `);
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
};

let activeConfirmer: Confirmer | null = null;

/** Replaces the way questions are asked (pass `null` to ask on the terminal again). */
export function setConfirmer(confirmer: Confirmer | null): void {
  activeConfirmer = confirmer;
}

/**
 * Whether a destructive operation may go ahead. Without a prompt (`prompt: false`, or
 * `safemode` off when `prompt` is not given) it may. Otherwise the user is asked.
 * @throws DataJointError when a prompt is needed but there is no terminal to ask on.
 */
export async function confirmDestructive(config: Config, question: string, prompt: boolean | undefined, operation: string): Promise<boolean> {
  const ask = prompt ?? config.safemode;
  if (!ask) return true;
  if (activeConfirmer) return activeConfirmer(question);
  assertCanAsk(operation);
  return terminalConfirm(question);
}

/**
 * Throws unless a question can be asked (a confirmer is set, or there is a terminal), so
 * that work needing an answer does not start in vain.
 * @throws DataJointError telling to pass `prompt: false`.
 */
export function assertCanAsk(operation: string): void {
  if (activeConfirmer || (process.stdin.isTTY && process.stdout.isTTY)) return;
  throw new DataJointError(
    `${operation} needs confirmation because safemode is on, but there is no terminal to ask on. ` +
      `Pass { prompt: false } to ${operation.toLowerCase()} without asking, or turn safemode off.`,
  );
}
