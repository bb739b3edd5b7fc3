/**
 * Repeating a statement the server rolled back to break a deadlock. Only a statement that is
 * its own transaction can be repeated: inside a caller's transaction the rollback undid the
 * caller's work too, so the error is theirs to handle.
 */
import type { Connection } from '@dj/core';

/** Attempts in all before a deadlock is given up on. */
const ATTEMPTS = 5;

/** Runs `statement`, repeating it (after a short random pause) while the server reports a deadlock. */
export async function retryDeadlock<T>(connection: Connection, statement: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await statement();
    } catch (err) {
      if (attempt >= ATTEMPTS || connection.inTransaction || !connection.adapter.isDeadlock(err)) throw err;
      // the other party finishes meanwhile; a random pause keeps two from colliding again
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
