/** Parsers of option values that are numbers, refusing anything else with commander's usage error. */
import { InvalidArgumentError } from '@commander-js/extra-typings';

/** A positive integer (`--limit`, `--workers`, `--max-calls`). */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** A TCP port (`--port`). */
export function portNumber(value: string): number {
  const port = positiveInteger(value);
  if (port > 65535) throw new InvalidArgumentError('a port is an integer from 1 to 65535.');
  return port;
}
