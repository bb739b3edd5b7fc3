/**
 * Starts the lab's API: `npm start` (with DJ_THREAD_SAFE=true in production). The database
 * comes from DJ_BACKEND / DJ_HOST / DJ_USER / DJ_PASS (default: an embedded PGlite), the
 * schema name from LAB_SCHEMA (default `lab`), the port from PORT (default 3000).
 */
import { NestFactory } from '@nestjs/core';
import type { InstanceOptions } from 'datajoint';
import { AppModule } from './app.module';

function databaseFromEnvironment(env: NodeJS.ProcessEnv): InstanceOptions {
  if (!env.DJ_HOST) return { backend: 'pglite' };
  return { host: env.DJ_HOST, user: env.DJ_USER ?? 'root', password: env.DJ_PASS ?? '' };
}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule.forRoot({ instance: databaseFromEnvironment(process.env), schema: process.env.LAB_SCHEMA ?? 'lab' }));
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3000));
  console.log(`The lab's API listens on ${await app.getUrl()}`);
}

void main();
