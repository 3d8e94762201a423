/** Every built-in pack, core first; optional packs are enabled per project or agent profile. */
import type { BuiltinPack } from '../rule-types.ts';
import { coreGit } from './core-git.ts';
import { coreFilesystem } from './core-filesystem.ts';
import { database } from './database.ts';
import { containers } from './containers.ts';
import { kubernetes } from './kubernetes.ts';
import { cloud } from './cloud.ts';
import { infrastructure } from './infrastructure.ts';
import { system } from './system.ts';

export const BUILTIN_PACKS: readonly BuiltinPack[] = [coreGit, coreFilesystem, database, containers, kubernetes, cloud, infrastructure, system];
