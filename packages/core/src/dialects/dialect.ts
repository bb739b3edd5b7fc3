/**
 * A dialect bundles what one backend needs: its adapter (SQL facts), its introspector
 * (catalog queries) and a factory for its driver (the session pool).
 */
import type { Backend } from '../settings/settings';
import type { Adapter } from './adapter';
import type { Driver, DriverSettings } from './driver';
import type { Introspector } from './introspector';

export interface Dialect {
  readonly backend: Backend;
  readonly adapter: Adapter;
  readonly introspector: Introspector;
  createDriver(settings: DriverSettings): Driver;
}
