/**
 * s3rver in a process of its own, for the storage benchmark: a server sharing the measured
 * process's thread would bill its own work to both sides. Prints the server's endpoint and
 * credentials as one JSON line, then serves until killed.
 */
import { startS3Server } from '@dj/testing';

startS3Server()
  .then((server) => {
    process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, accessKey: server.accessKey, secretKey: server.secretKey })}\n`);
    const stop = () => void server.stop().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
