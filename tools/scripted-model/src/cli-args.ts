import { parseArgs } from 'node:util';

export interface CliArgs {
  port: number;
  host: string;
  script?: string;
  detectSideRequests: boolean;
  help: boolean;
}

export const USAGE = `Usage: scripted-model [--port 4010] [--host 127.0.0.1] [--script turns.json] [--no-side-detection]

Serves the Anthropic Messages API (POST /v1/messages) and plays the script's turns in order.
Point an agent at it with ANTHROPIC_BASE_URL=http://HOST:PORT and any ANTHROPIC_API_KEY.
Control: POST /_script {key?, turns, defaultReply?}, GET /_script, GET|DELETE /_requests.
`;

/** Parses the command line; throws with a readable message on a bad flag or port. */
export function parseCliArgs(argv: string[]): CliArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', short: 'p', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      script: { type: 'string', short: 's' },
      'no-side-detection': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${values.port}`);
  return {
    port,
    host: values.host,
    script: values.script,
    detectSideRequests: !values['no-side-detection'],
    help: values.help,
  };
}
