// The baseline: a bare Express app (the same express as the product) answering "Hello World!"
// to any GET or POST, without parsing the body. Started as a child process by the benchmark;
// prints `listening <port>` once it listens on loopback.
import http from 'node:http';
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.get('/', (_req, res) => {
  res.send('Hello World!');
});
app.post('/', (_req, res) => {
  res.send('Hello World!');
});

const server = http.createServer(app);
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`listening ${port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
