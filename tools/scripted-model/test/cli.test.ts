import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { postMessages } from './helpers/sse.ts';

const BIN = resolve(import.meta.dirname, '../bin/scripted-model.js');
const EXAMPLE = resolve(import.meta.dirname, '../examples/bash-create-file.json');

async function firstLine(child: ChildProcess): Promise<string> {
  for await (const line of createInterface({ input: child.stdout! })) return line;
  throw new Error('scripted-model exited before printing its address');
}

describe('scripted-model bin', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('serves the script file it was started with and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [BIN, '--port', '0', '--script', EXAMPLE], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await firstLine(child);
    const url = /listening on (\S+)/.exec(line)![1];

    const body = await (await postMessages(url, {})).json();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');

    expect(line).toContain('2 scripted turns');
    expect(body.content.at(-1)).toMatchObject({ type: 'tool_use', name: 'Bash' });
    expect(code).toBe(0);
  });

  it('refuses an invalid script file with a readable message and exit code 1', async () => {
    child = spawn(process.execPath, [BIN, '--port', '0', '--script', BIN], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = await once(child, 'exit');

    expect(code).toBe(1);
    expect(stderr).toContain('not valid JSON');
  });
});
