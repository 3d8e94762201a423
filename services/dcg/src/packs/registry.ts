/** Every built-in pack, core first; every one is on by default, and a policy may turn the non-core ones off. */
import type { BuiltinPack } from '../rule-types.ts';
import { coreGit } from './core-git.ts';
import { coreFilesystem } from './core-filesystem.ts';
import { database } from './database.ts';
import { containers } from './containers.ts';
import { kubernetes } from './kubernetes.ts';
import { cloud } from './cloud.ts';
import { infrastructure } from './infrastructure.ts';
import { system } from './system.ts';
import { remoteExec } from './remote-exec.ts';
import { secrets } from './secrets.ts';

export const BUILTIN_PACKS: readonly BuiltinPack[] = [
  coreGit,
  coreFilesystem,
  database,
  containers,
  kubernetes,
  cloud,
  infrastructure,
  system,
  remoteExec,
  secrets,
];
