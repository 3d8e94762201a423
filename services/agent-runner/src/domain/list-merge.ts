import type { AgentInfo, AgentPage, AgentState } from '@flywheel/contracts';
import { decodeKeyCursor, encodeKeyCursor } from './cursor.ts';

const after = (a: AgentInfo, c?: { createdAt: string; id: string }) => !c || a.createdAt > c.createdAt || (a.createdAt === c.createdAt && a.id > c.id);

/** Merges per-runner keyset pages into one fleet page with the same (createdAt, id) cursor. */
export function mergeAgentPages(pages: AgentPage[], req: { state?: AgentState; cursor?: string; limit: number }): AgentPage {
  const cursor = req.cursor ? decodeKeyCursor(req.cursor) : undefined;
  const all = pages
    .flatMap((p) => p.items)
    .filter((a) => after(a, cursor) && (!req.state || a.state === req.state))
    .sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
  const items = all.slice(0, req.limit);
  const more = all.length > req.limit || pages.some((p) => p.nextCursor !== undefined);
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeKeyCursor(last.createdAt, last.id) : undefined };
}
