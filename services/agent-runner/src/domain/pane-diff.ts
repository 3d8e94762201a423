/** What a pane capture adds to the output already emitted. */
export interface PaneDiff {
  lines: string[];
  /** Complete lines now emitted (all but the last, which may still be typed into). */
  emitted: string[];
}

const trimTrailingEmpty = (lines: string[]): string[] => {
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  return lines.slice(0, end);
};

/**
 * Diffs a capture-pane snapshot against the complete lines emitted so far. Scrollback only grows,
 * so normally the old lines are a prefix; after a clear or redraw we emit from where they differ.
 * `final`: the pane's command has ended, so its last line is complete too.
 */
export function diffPane(emitted: string[], capture: string, final = false): PaneDiff {
  const all = trimTrailingEmpty(capture.split('\n').map((l) => l.replace(/\s+$/, '')));
  const complete = final ? all : all.slice(0, Math.max(0, all.length - 1));
  let common = 0;
  while (common < emitted.length && common < complete.length && emitted[common] === complete[common]) common++;
  const start = common === emitted.length ? emitted.length : common;
  return { lines: complete.slice(start), emitted: complete };
}
