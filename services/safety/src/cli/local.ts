import { readFileSync } from 'node:fs';
import { createEngine, loadCustomPack, type Decision } from '@flywheel/dcg';
import { toolTarget } from '../domain/tool-command.ts';

export interface LocalOptions {
  packs: string[];
  customFiles: string[];
  failMode: 'open' | 'closed';
}

/** The same engine in this process, for when the service is unreachable and for `test`. */
export function localEngine(opts: LocalOptions) {
  const customPacks = opts.customFiles.map((f) => loadCustomPack(readFileSync(f, 'utf8'), /\.json$/i.test(f) ? 'json' : 'yaml'));
  return createEngine({ packs: opts.packs, customPacks, failMode: opts.failMode });
}

/** A tool call judged locally: ask counts as deny (no human to ask from here). */
export function localDecision(opts: LocalOptions, tool: string, input: unknown, cwd?: string): Decision {
  const target = toolTarget(tool, input);
  if (target.kind !== 'command') return { decision: 'allow' };
  return localEngine(opts).check(target.command, { cwd });
}
