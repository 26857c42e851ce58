import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { validateJsonSchema, type JsonSchema } from './validateJsonSchema.js'

const root = {
  components: {
    schemas: {
      Hex: { type: 'string', pattern: '^0x[0-9a-f]*$' },
      Item: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'state'],
        properties: {
          id: { $ref: '#/components/schemas/Hex' },
          state: { enum: ['a', 'b'] },
          note: { type: ['string', 'null'] },
          n: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
} as const
const list: JsonSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Item' } } },
  additionalProperties: { type: 'number' },
}
const codes = (value: unknown, schema: JsonSchema = list) =>
  validateJsonSchema(schema, value, root).map((v) => `${v.path}: ${v.message}`)

describe('validateJsonSchema', () => {
  it('accepts a conforming value', () => {
    assert.deepEqual(
      codes({
        items: [
          { id: '0xab', state: 'a', note: null, n: 3 },
          { id: '0x', state: 'b', note: 'x' },
        ],
        extra: 1.5,
      }),
      [],
    )
  })
  it('reports each violation with its path', () => {
    assert.deepEqual(codes({ items: [{ id: '0xAB', state: 'c', note: 1, n: -1, other: true }, {}], extra: 'x' }), [
      '$.items[0].id: "0xAB" does not match ^0x[0-9a-f]*$',
      '$.items[0].state: "c" is not one of a, b',
      '$.items[0].note: expected string or null, got integer',
      '$.items[0].n: below 0',
      '$.items[0]: unexpected property other',
      '$.items[1]: missing required property id',
      '$.items[1]: missing required property state',
      '$.extra: expected number, got string',
    ])
  })
  it('wants exactly one oneOf match, and a const', () => {
    const schema: JsonSchema = { oneOf: [{ type: 'string' }, { type: ['string', 'null'] }, { const: 1 }] }
    assert.deepEqual(codes(null, schema), [])
    assert.deepEqual(codes(1, schema), [])
    assert.deepEqual(codes('x', schema), ['$: matches 2 of the oneOf schemas, not exactly one'])
  })
  it('refuses keywords it does not implement rather than ignoring them', () => {
    assert.throws(() => validateJsonSchema({ allOf: [] } as JsonSchema, 1), /unsupported JSON Schema keyword allOf/)
    assert.throws(() => validateJsonSchema({ $ref: 'http://x' }, 1), /only local/)
  })
})
