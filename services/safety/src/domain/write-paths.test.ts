import { describe, expect, it } from 'vitest';
import { writePaths } from './write-paths.ts';

describe('writePaths', () => {
  it('takes the file of Write, Edit, MultiEdit and NotebookEdit from their input', () => {
    expect(writePaths('Write', { file_path: '/r/src/x.ts', content: 'x' }, undefined)).toEqual({ paths: ['/r/src/x.ts'], mayBeDirectory: false });
    expect(writePaths('Edit', { file_path: 'a.ts', old_string: 'a', new_string: 'b' }, undefined)?.paths).toEqual(['a.ts']);
    expect(writePaths('MultiEdit', { file_path: 'm.ts', edits: [] }, undefined)?.paths).toEqual(['m.ts']);
    expect(writePaths('NotebookEdit', { notebook_path: 'n.ipynb', new_source: '' }, undefined)?.paths).toEqual(['n.ipynb']);
  });

  it('finds shell write targets with the guard’s parser; they may be directories', () => {
    expect(writePaths('Bash', { command: 'rm -rf build && echo x > src/a.ts' }, 'rm -rf build && echo x > src/a.ts')).toEqual({
      paths: ['build', 'src/a.ts'],
      mayBeDirectory: true,
    });
  });

  it('reads the files of a Codex patch', () => {
    expect(
      writePaths('apply_patch', { input: '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-x\n+y\n*** Add File: b.ts\n*** End Patch' }, undefined)?.paths,
    ).toEqual(['src/a.ts', 'b.ts']);
  });

  it('is undefined for reads and for commands that write nothing', () => {
    expect(writePaths('Read', { file_path: 'a.ts' }, undefined)).toBeUndefined();
    expect(writePaths('Bash', { command: 'ls -la' }, 'ls -la')).toBeUndefined();
  });
});
