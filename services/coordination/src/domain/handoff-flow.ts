import { AppError, type Handoff, type HandoffPhase } from '@flywheel/contracts';

const NEXT: Record<HandoffPhase, readonly HandoffPhase[]> = {
  initiated: ['pending', 'cancelled', 'failed'],
  pending: ['accepted', 'rejected', 'cancelled', 'expired', 'failed'],
  accepted: ['transferring', 'failed'],
  transferring: ['completed', 'failed'],
  completed: [],
  rejected: [],
  cancelled: [],
  failed: [],
  expired: [],
};

export const isOpenPhase = (p: HandoffPhase): boolean => NEXT[p].length > 0;

/** CONFLICT unless the handoff may go from its phase to `to`. */
export function assertMove(h: Pick<Handoff, 'id' | 'phase'>, to: HandoffPhase): void {
  if (!NEXT[h.phase].includes(to)) throw new AppError('CONFLICT', `handoff ${h.id} is ${h.phase}; it cannot become ${to}`, { phase: h.phase });
}

const list = (title: string, items: readonly string[]) => (items.length ? `\n${title}:\n${items.map((i) => `- ${i}`).join('\n')}` : '');

/** The context message the target agent receives as its next message. */
export function handoffMessage(h: Handoff, patterns: readonly string[]): { subject: string; body: string } {
  const c = h.context;
  const body = [
    `Handoff ${h.id} from agent ${h.fromAgentId}: you now own this work.`,
    `Goal: ${c.goal}`,
    `Status: ${c.status}`,
    c.currentState ? `Current state: ${c.currentState}` : '',
    list('Decisions', c.decisions),
    list('Blockers', c.blockers),
    list('Files touched', c.filesTouched),
    list('Reservations now yours', patterns),
    c.costUsd !== undefined ? `Cost so far: $${c.costUsd.toFixed(4)}` : '',
    c.sessionId || c.checkpointId ? `Source session: ${c.sessionId ?? '-'}${c.checkpointId ? `, checkpoint ${c.checkpointId}` : ''}` : '',
  ].filter(Boolean);
  return { subject: `Handoff from ${h.fromAgentId}: ${c.goal.slice(0, 150)}`, body: body.join('\n') };
}
