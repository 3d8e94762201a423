// The baseline of bench/hook-http.bench.ts, run as its own process like the gateway: a bare Express app that
// parses the hook's JSON body and answers `{}` (no auth, no validation, no guard, no logging).
import { createServer } from 'node:http';
import express from 'express';

const app = express();
app.use(express.json());
app.post('/echo', (_req, res) => void res.json({}));
const server = createServer(app);
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
