/** Maps a regex match on a segment's normalised text back to offsets in the checked command. */
import type { Hit, Piece, Segment } from './shell-types.ts';

function pieceAt(pieces: Piece[], idx: number): number {
  let found = 0;
  for (let i = 0; i < pieces.length && pieces[i].at <= idx; i++) found = i;
  return found;
}

function startOf(pieces: Piece[], idx: number): number {
  const i = pieceAt(pieces, idx);
  const p = pieces[i];
  if (idx >= p.at + p.len && pieces[i + 1]) return pieces[i + 1].start;
  return p.linear ? p.start + Math.max(0, Math.min(idx - p.at, p.len)) : p.start;
}

function endOf(pieces: Piece[], last: number): number {
  const p = pieces[pieceAt(pieces, last)];
  if (!p.linear || last >= p.at + p.len) return p.end;
  return p.start + Math.max(0, last - p.at) + 1;
}

/** The part of the command behind `text.slice(from, to)`, widened to whole words where quoting changed them. */
export function textHit(seg: Segment, from: number, to: number): Hit {
  if (!seg.pieces.length) return { start: seg.start, end: seg.end };
  const start = startOf(seg.pieces, from);
  const end = endOf(seg.pieces, Math.max(from, to - 1));
  return { start, end: Math.max(start, end) };
}
