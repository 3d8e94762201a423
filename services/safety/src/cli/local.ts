import { readFileSync } from 'node:fs';
import { createEngine, listPacks, loadCustomPack, type Decision } from '@flywheel/dcg';
import { toolTarget } from '../domain/tool-command.ts';
import { effectivePacks, engineSelection } from '../domain/pack-policy.ts';

export interface LocalOptions {
  packs: string[];
  customFiles: string[];
  failMode: 'open' | 'closed';
}

/**
 * The same engine in this process, for when the service is unreachable and for `test`: safe by default like the
 * service with nothing stored (every pack on, core deny, the others ask); packs named in `packs` keep their rules' own actions.
 */
export function localEngine(opts: LocalOptions) {
  const customPacks = opts.customFiles.map((f) => loadCustomPack(readFileSync(f, 'utf8'), /\.json$/i.test(f) ? 'json' : 'yaml'));
  const defaults = [
    ...listPacks().map((p) => ({ id: p.id, alwaysOn: p.alwaysOn, custom: false, defaultAction: p.defaultAction })),
    ...customPacks.map((p) => ({ id: p.id, alwaysOn: false, custom: true, defaultAction: p.defaultAction ?? ('deny' as const) })),
  ];
  const sel = engineSelection(defaults, effectivePacks(defaults, opts.packs, new Map(), {}));
  return createEngine({ packs: sel.packs, customPacks, packActions: sel.packActions, failMode: opts.failMode });
}

/** A tool call judged locally: ask counts as deny (no human to ask from here). */
export function localDecision(opts: LocalOptions, tool: string, input: unknown, cwd?: string): Decision {
  const target = toolTarget(tool, input);
  if (target.kind !== 'command') return { decision: 'allow' };
  return localEngine(opts).check(target.command, { cwd });
}
