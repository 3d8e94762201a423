import { spawn } from 'node:child_process';

/**
 * The project's setup command (argv, no shell) in a new worktree, its output streamed as the agent's output.
 * A failing setup is reported as output; the agent still starts (its worktree exists either way).
 */
export function runSetup(
  argv: string[],
  cwd: string,
  emit: (stream: 'stdout' | 'stderr' | 'system', text: string) => void,
  timeoutMs = 600_000,
): Promise<number | null> {
  emit('system', `worktree setup: ${argv.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => emit('stdout', d.toString()));
    child.stderr.on('data', (d: Buffer) => emit('stderr', d.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      emit('system', `worktree setup could not start: ${err.message}`);
      resolve(null);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      emit('system', `worktree setup exited (code ${code}${signal ? `, signal ${signal}` : ''})`);
      resolve(code);
    });
  });
}
