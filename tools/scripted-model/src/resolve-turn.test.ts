import { describe, expect, it } from 'vitest';
import { resolveTurn, toWireUsage } from './resolve-turn.ts';
import { Turn, Usage } from './script-schema.ts';

describe('toWireUsage', () => {
  it('sums the 5m and 1h split into cache_creation_input_tokens when the total is omitted', () => {
    const wire = toWireUsage(Usage.parse({ cache_creation: { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 4 } }));

    expect(wire).toMatchObject({ cache_creation_input_tokens: 7, input_tokens: 0, output_tokens: 0 });
  });

  it('counts every cache write as a 5-minute write when the split is omitted', () => {
    const wire = toWireUsage(Usage.parse({ cache_creation_input_tokens: 9 }));

    expect(wire.cache_creation).toEqual({ ephemeral_5m_input_tokens: 9, ephemeral_1h_input_tokens: 0 });
  });

  it('sends an inconsistent total and split exactly as scripted', () => {
    const wire = toWireUsage(
      Usage.parse({
        cache_creation_input_tokens: 10,
        cache_creation: { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 50 },
      }),
    );

    expect(wire).toMatchObject({ cache_creation_input_tokens: 10, cache_creation: { ephemeral_1h_input_tokens: 50 } });
  });
});

describe('resolveTurn', () => {
  it('stops for tool_use when the turn calls a tool and for end_turn otherwise', () => {
    const tool = resolveTurn(Turn.parse({ content: [{ type: 'tool_use', name: 'Bash' }] }), 'm');
    const text = resolveTurn(Turn.parse({}), 'm');

    expect([tool.stopReason, text.stopReason]).toEqual(['tool_use', 'end_turn']);
    expect(text.content).toEqual([{ type: 'text', text: 'ok' }]);
  });

  it('keeps the scripted stop reason, id and model', () => {
    const turn = resolveTurn(Turn.parse({ id: 'msg_x', model: 'claude-x', stop_reason: 'max_tokens' }), 'requested');

    expect(turn).toMatchObject({ id: 'msg_x', model: 'claude-x', stopReason: 'max_tokens' });
  });
});
