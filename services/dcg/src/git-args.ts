/** Locates git's subcommand past global options (`-C dir`, `-c k=v`, `--git-dir=…`, `--no-pager`). */
import type { Word } from './shell-types.ts';

const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix']);

export interface GitCall {
  sub: Word;
  /** Arguments after the subcommand. */
  rest: Word[];
  /** Aliases defined inline with `-c alias.NAME=VALUE`, by lowercase name. */
  aliases: Map<string, string> | undefined;
}

function addAlias(map: Map<string, string> | undefined, setting: string | undefined): Map<string, string> | undefined {
  const m = /^alias\.([^=]+)=([\s\S]*)$/i.exec(setting ?? '');
  if (!m) return map;
  return (map ?? new Map<string, string>()).set(m[1].toLowerCase(), m[2]);
}

/** Splits `git` arguments into subcommand and the rest; undefined when there is no subcommand. */
export function gitCall(args: readonly Word[]): GitCall | undefined {
  let aliases: Map<string, string> | undefined;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (GLOBAL_WITH_VALUE.has(v)) {
      if (v === '-c') aliases = addAlias(aliases, args[i + 1]?.value);
      i++;
    } else if (v.startsWith('-')) {
      if (v.startsWith('-c')) aliases = addAlias(aliases, v.slice(2));
    } else return { sub: args[i], rest: args.slice(i + 1), aliases };
  }
  return undefined;
}
