/** core.filesystem: recursive deletion outside temporary directories, in the shell or in inline scripts. */
import type { BuiltinPack } from '../rule-types.ts';
import { findDeleteFiltered, findDeleteUnfiltered, rmRecursive, rmRecursiveRoot } from './rm-rules.ts';
import { inlineFileDelete, inlineRecursiveDelete } from './inline-delete.ts';

export const coreFilesystem: BuiltinPack = {
  id: 'core.filesystem',
  name: 'Core Filesystem',
  description: 'Blocks recursive forced deletion outside /tmp, /var/tmp and $TMPDIR, and deletion from inline scripts.',
  keywords: ['rm', 'remove', 'unlink', 'delete', 'rimraf', 'emptydir'],
  alwaysOn: true,
  enabledByDefault: true,
  defaultAction: 'deny',
  rules: [
    {
      id: 'rm-rf-root',
      severity: 'critical',
      explanation:
        'Recursive rm on the root, a home directory or a top-level system directory destroys the machine or the user’s files (without -f too: a non-interactive shell never asks).',
      safeAlternative: 'mv ./old-project /tmp/old-project.trash',
      test: rmRecursiveRoot,
    },
    {
      id: 'rm-rf',
      severity: 'high',
      explanation:
        'rm with recursive and force deletes a whole tree without confirmation; only paths under /tmp, /var/tmp or $TMPDIR are allowed, and never no path at all.',
      safeAlternative: 'mv ./build /tmp/build.trash',
      test: rmRecursive,
    },
    {
      id: 'find-delete-unfiltered',
      severity: 'high',
      explanation: 'find -delete without a name, path or age filter deletes everything below the starting directories.',
      safeAlternative: 'find . -type f -print',
      test: findDeleteUnfiltered,
    },
    {
      id: 'find-delete',
      severity: 'medium',
      action: 'warn',
      explanation: 'find -delete removes every match with no undo; preview the matches with -print first.',
      safeAlternative: "find . -name '*.pyc' -print",
      test: findDeleteFiltered,
    },
    {
      id: 'inline-recursive-delete',
      severity: 'critical',
      explanation: 'An inline script deletes a directory tree (shutil.rmtree, fs.rmSync, FileUtils.rm_rf, rmtree …).',
      safeAlternative: 'mv ./build /tmp/build.trash',
      test: inlineRecursiveDelete,
    },
    {
      id: 'inline-file-delete',
      severity: 'high',
      explanation: 'An inline script deletes files (os.remove, fs.unlinkSync, File.delete, unlink …) outside temporary directories.',
      safeAlternative: 'mv ./notes.txt /tmp/notes.txt.trash',
      test: inlineFileDelete,
    },
  ],
};
