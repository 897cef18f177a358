// The baseline of the HTTP and cold-start benchmarks: node:http answering a fixed JSON body, nothing else.
// PORT (0 = any free port) and BARE_BODY (the body to answer) configure it; prints "listening on <url>".
import { createServer } from 'node:http';

const body = Buffer.from(process.env.BARE_BODY ?? '[{"label":"a"}]');
const server = createServer((req, res) => {
  // Read the request body as any real endpoint must, then answer.
  req.resume();
  req.once('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.byteLength });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
