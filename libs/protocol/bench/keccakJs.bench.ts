// Option (b) of the keccak brief, measured against the WebAssembly kernel:
// a JS keccak-f[1600] on 32-bit lane pairs, one round unrolled inside the round loop
// (all 24 unrolled is slower: V8 will not optimise a function that large), specialised for one
// 64-byte block. `npx tsx libs/protocol/bench/keccakJs.bench.ts` (about 5 s).
// Kept as evidence for the choice of the WebAssembly kernel, not shipped.
import { keccak_256 } from '@noble/hashes/sha3.js'
import { keccak256Batch64 } from '../src/index.js'

function tables(): { rot: number[]; dest: number[]; rc: bigint[] } {
  const rot = new Array<number>(25).fill(0)
  const dest = new Array<number>(25).fill(0)
  for (let t = 0, x = 1, y = 0; t < 24; t++) {
    rot[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64
    ;[x, y] = [y, (2 * x + 3 * y) % 5]
  }
  for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) dest[x + 5 * y] = y + 5 * ((2 * x + 3 * y) % 5)
  const rc: bigint[] = []
  for (let round = 0, r = 1; round < 24; round++) {
    let c = 0n
    for (let j = 0; j < 7; j++) {
      if (r & 1) c ^= 1n << BigInt((1 << j) - 1)
      r = r & 0x80 ? ((r << 1) ^ 0x171) & 0xff : r << 1
    }
    rc.push(c)
  }
  return { rot, dest, rc }
}

/** `[hi, lo]` expressions of `rotl64((h, l), s)`. */
function rotl(h: string, l: string, s: number): [string, string] {
  if (s === 0) return [h, l]
  if (s === 32) return [l, h]
  if (s < 32) return [`((${h} << ${s}) | (${l} >>> ${32 - s}))`, `((${l} << ${s}) | (${h} >>> ${32 - s}))`]
  const t = s - 32
  return [`((${l} << ${t}) | (${h} >>> ${32 - t}))`, `((${h} << ${t}) | (${l} >>> ${32 - t}))`]
}

function generate(): (input: Uint32Array, output: Uint32Array, n: number) => void {
  const { rot, dest, rc } = tables()
  const vars: string[] = []
  for (const p of ['a', 'b']) for (let i = 0; i < 25; i++) vars.push(`${p}${i}h`, `${p}${i}l`)
  for (const p of ['c', 'd']) for (let i = 0; i < 5; i++) vars.push(`${p}${i}h`, `${p}${i}l`)
  const body: string[] = [`let ${vars.join(', ')};`, 'for (let k = 0; k < n; k++) {', 'const o = 16 * k;']
  for (let i = 0; i < 25; i++) {
    if (i < 8) body.push(`a${i}l = input[o + ${2 * i}]; a${i}h = input[o + ${2 * i + 1}];`)
    else body.push(`a${i}l = ${i === 8 ? 1 : 0}; a${i}h = ${i === 16 ? 0x80000000 | 0 : 0};`)
  }
  body.push('for (let r = 0; r < 48; r += 2) {')
  {
    for (let x = 0; x < 5; x++)
      for (const w of ['h', 'l'])
        body.push(`c${x}${w} = a${x}${w} ^ a${x + 5}${w} ^ a${x + 10}${w} ^ a${x + 15}${w} ^ a${x + 20}${w};`)
    for (let x = 0; x < 5; x++) {
      const [h, l] = rotl(`c${(x + 1) % 5}h`, `c${(x + 1) % 5}l`, 1)
      body.push(`d${x}h = c${(x + 4) % 5}h ^ ${h}; d${x}l = c${(x + 4) % 5}l ^ ${l};`)
    }
    for (let i = 0; i < 25; i++) {
      body.push(`a${i}h ^= d${i % 5}h; a${i}l ^= d${i % 5}l;`)
      const [h, l] = rotl(`a${i}h`, `a${i}l`, rot[i] as number)
      body.push(`b${dest[i]}h = ${h}; b${dest[i]}l = ${l};`)
    }
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        const [i, j, m] = [y + x, y + ((x + 1) % 5), y + ((x + 2) % 5)]
        body.push(`a${i}h = b${i}h ^ (~b${j}h & b${m}h); a${i}l = b${i}l ^ (~b${j}l & b${m}l);`)
      }
    }
    body.push('a0h ^= RC[r]; a0l ^= RC[r + 1];')
  }
  body.push('}')
  for (let i = 0; i < 4; i++) body.push(`output[8 * k + ${2 * i}] = a${i}l; output[8 * k + ${2 * i + 1}] = a${i}h;`)
  body.push('}')
  const constants = new Int32Array(rc.flatMap((c) => [Number(c >> 32n) | 0, Number(c & 0xffffffffn) | 0]))
  // reason: generated source with that signature
  return new Function('RC', 'input', 'output', 'n', body.join('\n')).bind(null, constants) as (
    input: Uint32Array,
    output: Uint32Array,
    n: number,
  ) => void
}

const hashJs = generate()
const n = 4096
const input = new Uint8Array(64 * n)
for (let i = 0; i < input.length; i += 65536) crypto.getRandomValues(input.subarray(i, i + 65536))
const output = new Uint32Array(8 * n)
hashJs(new Uint32Array(input.buffer), output, n)
const out8 = new Uint8Array(output.buffer)
for (let i = 0; i < n; i++) {
  const expected = keccak_256(input.subarray(64 * i, 64 * i + 64))
  if (!expected.every((b, j) => b === out8[32 * i + j])) throw new Error(`js keccak mismatch at ${i}`)
}

function median(fn: () => void, ops: number): number {
  for (let i = 0; i < 20; i++) fn()
  const rates: number[] = []
  for (let s = 0; s < 5; s++) {
    const start = performance.now()
    for (let i = 0; i < 10; i++) fn()
    rates.push((10 * ops * 1000) / (performance.now() - start))
  }
  return rates.sort((a, b) => a - b)[2] as number
}

const in32 = new Uint32Array(input.buffer)
const one = input.subarray(0, 64)
const fmt = (x: number) => Math.round(x).toLocaleString('en-US')
console.log(`keccak256 of 64 B, hashes/s, batch of ${n}:`)
console.log(
  `  noble, one call per hash   ${fmt(
    median(() => {
      for (let i = 0; i < 256; i++) keccak_256(one)
    }, 256),
  )}`,
)
console.log(`  JS unrolled lane pairs     ${fmt(median(() => hashJs(in32, output, n), n))}`)
console.log(`  WebAssembly kernel (i64)   ${fmt(median(() => keccak256Batch64(input, n), n))}`)
