/**
 * The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that the
 * relayer's OpenAPI document is written in, and a validator for exactly that
 * subset: `type` (a name or a list, so `['string', 'null']` is nullable),
 * `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`,
 * `oneOf`, `pattern`, `minimum`, `maximum` and local `$ref`s. No new package:
 * the workspace has only ajv 6 (draft-07), transitively.
 */
export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null'

export type JsonSchema = {
  $ref?: string
  type?: JsonType | readonly JsonType[]
  properties?: Readonly<Record<string, JsonSchema>>
  required?: readonly string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  enum?: readonly (string | number | boolean | null)[]
  const?: string | number | boolean | null
  oneOf?: readonly JsonSchema[]
  pattern?: string
  minimum?: number
  maximum?: number
  description?: string
  format?: string
}

/** One reason a value does not match, at a JSON pointer-ish path (`$.messages[0].id`). */
export type SchemaViolation = { path: string; message: string }

const KEYWORDS = new Set([
  '$ref',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'oneOf',
  'pattern',
  'minimum',
  'maximum',
  'description',
  'format',
])

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value as JsonType // reason: JSON values only: string, boolean, object
}

function resolve(root: unknown, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`)
  let node: unknown = root
  // reason: walking a JSON document
  for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part]
  if (!node || typeof node !== 'object') throw new Error(`unresolved $ref ${ref}`)
  return node as JsonSchema // reason: a $ref in this document points at a schema
}

function checkType(schema: JsonSchema, value: unknown, path: string, out: SchemaViolation[]): boolean {
  if (schema.type === undefined) return true
  const allowed: readonly JsonType[] = typeof schema.type === 'string' ? [schema.type] : schema.type
  const actual = typeOf(value)
  if (allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'))) return true
  out.push({ path, message: `expected ${allowed.join(' or ')}, got ${actual}` })
  return false
}

function checkObject(
  root: unknown,
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  out: SchemaViolation[],
): void {
  for (const key of schema.required ?? [])
    if (!(key in value)) out.push({ path, message: `missing required property ${key}` })
  for (const [key, child] of Object.entries(value)) {
    const property = schema.properties?.[key]
    if (property) validateAt(root, property, child, `${path}.${key}`, out)
    else if (schema.additionalProperties === false) out.push({ path, message: `unexpected property ${key}` })
    else if (typeof schema.additionalProperties === 'object')
      validateAt(root, schema.additionalProperties, child, `${path}.${key}`, out)
  }
}

function checkScalar(schema: JsonSchema, value: unknown, path: string, out: SchemaViolation[]): void {
  // reason: includes over a mixed literal list
  if (schema.enum && !schema.enum.includes(value as string))
    out.push({ path, message: `${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}` })
  if ('const' in schema && value !== schema.const)
    out.push({ path, message: `expected ${JSON.stringify(schema.const)}` })
  if (schema.pattern !== undefined && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value))
    out.push({ path, message: `${JSON.stringify(value.slice(0, 80))} does not match ${schema.pattern}` })
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum)
    out.push({ path, message: `below ${schema.minimum}` })
  if (typeof value === 'number' && schema.maximum !== undefined && value > schema.maximum)
    out.push({ path, message: `above ${schema.maximum}` })
}

function validateAt(root: unknown, schema: JsonSchema, value: unknown, path: string, out: SchemaViolation[]): void {
  for (const key of Object.keys(schema))
    if (!KEYWORDS.has(key)) throw new Error(`unsupported JSON Schema keyword ${key} at ${path}`)
  if (schema.$ref) return validateAt(root, resolve(root, schema.$ref), value, path, out)
  if (schema.oneOf) {
    const matching = schema.oneOf.filter((option) => validateJsonSchema(option, value, root).length === 0).length
    if (matching !== 1) out.push({ path, message: `matches ${matching} of the oneOf schemas, not exactly one` })
  }
  if (!checkType(schema, value, path, out)) return
  checkScalar(schema, value, path, out)
  if (Array.isArray(value) && schema.items)
    // reason: checked just before
    value.forEach((item, i) => validateAt(root, schema.items as JsonSchema, item, `${path}[${i}]`, out))
  // reason: typeOf said object
  else if (typeOf(value) === 'object') checkObject(root, schema, value as Record<string, unknown>, path, out)
}

/**
 * Every way `value` breaks `schema` (empty when it conforms); `$ref`s resolve
 * against `root` (the whole OpenAPI document).
 *
 * @example
 * const violations = validateJsonSchema({ $ref: '#/components/schemas/MessageList' }, body, OPENAPI_DOCUMENT)
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown, root: unknown = schema): SchemaViolation[] {
  const out: SchemaViolation[] = []
  validateAt(root, schema, value, '$', out)
  return out
}
