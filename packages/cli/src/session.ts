/**
 * What one run of `dj` shares between its parts: the global flags, where output goes, and
 * the Instance it opened (at most one, closed when the run ends).
 */
import type { Connection } from '@dj/core';
import { Instance } from 'datajoint';
import { instanceOptions, type ConnectionFlags } from './settings/connection-flags';
import { jsonText } from './output/json-text';

/** The flags every command takes. */
export interface GlobalFlags extends ConnectionFlags {
  /** Machine-readable output. */
  json?: boolean;
  /** Stack traces with errors. */
  verbose?: boolean;
}

/** Where a run writes (the process's streams, or buffers in tests). */
export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export class Session {
  private instance: Instance | null = null;

  constructor(
    readonly flags: GlobalFlags,
    readonly streams: Streams,
  ) {}

  /** The Instance of the flags and settings files, opened on first use. */
  open(): Instance {
    this.instance ??= new Instance(instanceOptions(this.flags));
    return this.instance;
  }

  /** The connection of the Instance this session opened, if it opened one. */
  get openedConnection(): Connection | null {
    return this.instance?.connection ?? null;
  }

  /** Writes a command's result: `json` with `--json`, else `text`. */
  print(json: unknown, text: string | (() => string)): void {
    this.streams.stdout.write(this.flags.json ? jsonText(json) : typeof text === 'string' ? text : text());
  }

  /** Closes the Instance, if one was opened. */
  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = null;
    await instance?.close();
  }
}
