// The local host as a child process of the HTTP benchmark: startLocalServer without request logging
// (printing a line per request would measure the terminal), on PORT (default any free port), serving
// FORESTFN_ARTIFACT. Prints "listening on <url>"; SIGTERM closes it.
import { startLocalServer } from '../../server/src/local.js';

const artifactPath = process.env.FORESTFN_ARTIFACT;
const server = await startLocalServer({
  port: Number(process.env.PORT ?? 0),
  ...(artifactPath ? { artifactPath } : {}),
  log: false,
});
process.stdout.write(`listening on ${server.url}\n`);
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
