// The baseline of bench/edge.bench.ts, run as its own process like the gateway: a bare Express handler
// doing one raw NATS request to the cost service and passing its reply bytes through (no auth, no
// validation, no parsing, no limits, no logging). A failed request is a 503, never a crash.
import { createServer } from 'node:http';
import express from 'express';
import { connect } from '@nats-io/transport-node';

const nc = await connect({ servers: process.env.NATS_URL });
const app = express();
app.get('/budgets', async (_req, res) => {
  try {
    const msg = await nc.request('fw.svc.cost.budgets.list', '{}', { timeout: 2000 });
    res.type('application/json').send(Buffer.from(msg.data));
  } catch (err) {
    res.status(503).json({ error: (err as Error).message });
  }
});
const server = createServer(app);
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => void nc.close().then(() => process.exit(0))));
