import { describe, expect, it } from 'vitest';
import { sampleForSchema } from './schema-sample.ts';

describe('sampleForSchema', () => {
  it('fills nested objects by type, picking the first enum value and alternative', () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        count: { type: 'integer' },
        ok: { type: 'boolean' },
        tags: { type: 'array' },
        mode: { enum: ['fast', 'slow'] },
        inner: { anyOf: [{ type: 'object', properties: { n: { type: 'number' } } }, { type: 'null' }] },
      },
    };

    expect(sampleForSchema(schema, 'T')).toEqual({ title: 'T', count: 0, ok: false, tags: [], mode: 'fast', inner: { n: 0 } });
  });
});
