import { parseCliArgs, USAGE } from './cli-args.ts';
import { loadScriptFile } from './load-script-file.ts';
import { startScriptedModel } from './server.ts';

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const file = args.script ? await loadScriptFile(args.script) : undefined;
  const model = await startScriptedModel({
    port: args.port,
    host: args.host,
    script: file?.turns,
    scripts: file?.scripts,
    defaultReply: file?.defaultReply,
    detectSideRequests: args.detectSideRequests,
  });
  const turns = file?.turns.length ?? 0;
  process.stdout.write(`scripted-model listening on ${model.url} (${turns} scripted turns)\n`);
  const stop = () => void model.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`scripted-model: ${err.message}\n`);
  process.exit(1);
});
