import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream } from '@nats-io/jetstream';
import { connectNats, decode } from '@flywheel/kit';
import { testLogger } from '@flywheel/kit/testing';
import { pidAlive, startStack, type Stack } from '../support/index.ts';
import { allEvents, waitEvent, waitState } from './helpers/agent-events.ts';

describe('tmux driver through REST', () => {
  let h: Stack;
  beforeAll(async () => {
    h = await startStack({ services: ['gateway-api', { name: 'agent-runner', id: 'r-tmux', env: { TMUX_POLL_MS: '50' } }] });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('runs a shell program: send, output, interrupt, terminate with no process left', async () => {
    const cwd = h.tmp('fw-tmux-cwd-');
    const spawn = await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: cwd, command: ['sh'], env: { PS1: '$ ', GREETING: 'hi-from-env' } });
    expect(spawn.status).toBe(201);
    const id = spawn.body.id as string;
    expect(spawn.body.attachCommand).toContain(`fw-${id}`);
    await waitState(h, id, 'ready');

    expect((await h.http('POST', `/agents/${id}/send`, { message: 'echo "$GREETING"' })).status).toBe(202);
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'hi-from-env', 'env echoed');

    await h.http('POST', `/agents/${id}/send`, { message: 'sleep 30; echo not-interrupted' });
    await waitState(h, id, 'executing');
    // Quiet, but the shell's foreground program is sleep: still executing, not ready.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await h.http('GET', `/agents/${id}`)).body.state).toBe('executing');
    expect((await h.http('POST', `/agents/${id}/interrupt`)).status).toBe(202);
    await h.http('POST', `/agents/${id}/send`, { message: 'echo after-interrupt' });
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'after-interrupt', 'runs after interrupt');
    const output = await allEvents(h, id, 'output');
    expect(output.some((e) => e.type === 'output' && e.text === 'not-interrupted')).toBe(false);
    expect(output.map((e) => e.seq)).toEqual([...output.map((e) => e.seq)].sort((a, b) => a - b));

    const pid = (await h.http('GET', `/agents/${id}`)).body.pid as number;
    expect(pidAlive(pid)).toBe(true);
    const del = await h.http('DELETE', `/agents/${id}`);
    expect(del.status).toBe(200);
    expect(del.body.state).toBe('terminated');
    expect(pidAlive(pid)).toBe(false);
    // Everything was stored in JetStream: a consumer that was never connected reads the same state events.
    const nc = await connectNats({ url: h.nats.url, name: 'late-reader', logger: testLogger() });
    // One agent on this server: the whole stream is its state family.
    const consumer = await jetstream(nc).consumers.get('FW_AGENT_STATE');
    const stored: number[] = [];
    const states = (await allEvents(h, id)).filter((e) => e.type === 'state' || e.type === 'usage' || e.type === 'error' || e.type === 'rate_limit');
    while (stored.length < states.length) {
      const m = await consumer.next({ expires: 2000 });
      if (!m) break;
      stored.push((decode(m.data) as { seq: number }).seq);
    }
    expect(stored).toEqual(states.map((e) => e.seq));
    await nc.drain();
    const cmds = await h.http('GET', `/agents/${id}/commands`);
    expect(cmds.body.items.map((c: { kind: string }) => c.kind)).toEqual(['spawn', 'send', 'send', 'interrupt', 'send', 'terminate']);
  });

  it('an agent whose process dies on its own is failed with the reason, never left running', async () => {
    const id = (await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh'] })).body.id as string;
    await waitState(h, id, 'ready');
    process.kill((await h.http('GET', `/agents/${id}`)).body.pid, 'SIGKILL');
    await waitState(h, id, 'failed');
    expect((await h.http('GET', `/agents/${id}`)).body.stateReason).toMatch(/tmux session ended|reaper/);
  });

  it('a command that prints one line and ends at once: the agent fails naming status 3 and its output has the line', async () => {
    const id = (await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh', '-c', 'echo last-words; exit 3'] })).body
      .id as string;
    await waitState(h, id, 'failed');
    expect((await h.http('GET', `/agents/${id}`)).body.stateReason).toBe("tmux session ended: the pane's command exited with status 3");
    // Output is stored in batches, state moves at once: await the line rather than read right after `failed`.
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'last-words', 'the last line');
  });

  it('a command killed by a signal right after its last line: the agent fails naming the signal, the line is shown', async () => {
    const id = (await h.http('POST', '/agents', { driver: 'tmux', workingDirectory: '/tmp', command: ['sh', '-c', 'echo going-down; kill -TERM $$'] })).body
      .id as string;
    await waitState(h, id, 'failed');
    expect((await h.http('GET', `/agents/${id}`)).body.stateReason).toBe("tmux session ended: the pane's command killed by signal SIGTERM");
    await waitEvent(h, id, (e) => e.type === 'output' && e.text === 'going-down', 'the last line');
  });
});
