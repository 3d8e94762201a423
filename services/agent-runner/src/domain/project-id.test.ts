import { describe, expect, it } from 'vitest';
import { projectIdFor } from './project-id.ts';

describe('projectIdFor', () => {
  it('is prj_ and 16 hex, the same for the same repository and different for another', () => {
    expect(projectIdFor('/work/repo/.git')).toMatch(/^prj_[0-9a-f]{16}$/);
    expect(projectIdFor('/work/repo/.git')).toBe(projectIdFor('/work/repo/.git'));
    expect(projectIdFor('/work/other/.git')).not.toBe(projectIdFor('/work/repo/.git'));
  });
});
