/**
 * Generates the WebAssembly text of relaymesh's keccak256 kernel.
 *
 * Keccak-f[1600] (FIPS 202 section 3, with the original Keccak padding `0x01 .. 0x80`
 * that Ethereum's keccak256 uses) with the 25 lanes held in i64 locals (registers
 * and spill slots, never linear memory) and one round unrolled inside a loop over
 * the 24 round constants. Unrolling all 24 rounds (`--unrolled`) measured about
 * 1.5x slower here and is 14x the code (52 KB against 3.6 KB). Wasm is
 * little-endian like keccak's lane order, so lanes are plain `i64.load`s.
 *
 * Exports (pointers are byte offsets in the exported `memory`):
 * - `hash64(inPtr, outPtr, n)`: n inputs of 64 bytes -> n digests of 32 bytes.
 *   Input i is read whole before digest i is written, so `outPtr = inPtr` is safe
 *   (the Merkle builder hashes a layer in place).
 * - `hashVar(dataPtr, offsetsPtr, n, outPtr)`: n inputs of any length; input i is
 *   `data[off[i] .. off[i+1])`, `off` being n+1 little-endian u32 at `offsetsPtr`.
 * - `foldProof(nodePtr, proofPtr, depth, index)`: folds a Merkle branch into the
 *   32-byte node at `nodePtr` (in place), sibling order chosen by the index bits.
 *
 * Bytes 0..1023 of memory are the kernel's scratch; callers use 1024 onwards.
 */

const RATE_LANES = 17 // 1088-bit rate of keccak256

/** Rotation offsets and lane permutation (rho and pi), computed as in FIPS 202 3.2.2/3.2.3. */
function rhoPi(): { rot: number[]; dest: number[] } {
  const rot = new Array<number>(25).fill(0)
  const dest = new Array<number>(25).fill(0)
  let x = 1
  let y = 0
  for (let t = 0; t < 24; t++) {
    rot[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64
    ;[x, y] = [y, (2 * x + 3 * y) % 5]
  }
  for (let xi = 0; xi < 5; xi++) {
    for (let yi = 0; yi < 5; yi++) dest[xi + 5 * yi] = yi + 5 * ((2 * xi + 3 * yi) % 5)
  }
  return { rot, dest }
}

/** Round constants (iota) from the rc() LFSR, FIPS 202 3.2.5. */
function roundConstants(): bigint[] {
  const out: bigint[] = []
  let r = 1
  for (let round = 0; round < 24; round++) {
    let c = 0n
    for (let j = 0; j < 7; j++) {
      if (r & 1) c ^= 1n << BigInt((1 << j) - 1)
      r = r & 0x80 ? ((r << 1) ^ 0x171) & 0xff : r << 1
    }
    out.push(c)
  }
  return out
}

const a = (i: number): string => `(local.get $a${i})`
const xor = (p: string, q: string): string => `(i64.xor ${p} ${q})`

/** One round, reading and writing the `$a*` locals; `$b*`, `$c*`, `$d*` are temporaries. */
function round(rc: bigint, rot: number[], dest: number[]): string {
  const lines: string[] = []
  for (let x = 0; x < 5; x++) {
    lines.push(`(local.set $c${x} ${xor(xor(xor(a(x), a(x + 5)), xor(a(x + 10), a(x + 15))), a(x + 20))})`)
  }
  for (let x = 0; x < 5; x++) {
    lines.push(
      `(local.set $d${x} (i64.xor (local.get $c${(x + 4) % 5}) (i64.rotl (local.get $c${(x + 1) % 5}) (i64.const 1))))`,
    )
  }
  for (let i = 0; i < 25; i++) {
    const theta = xor(a(i), `(local.get $d${i % 5})`)
    const value = rot[i] === 0 ? theta : `(i64.rotl ${theta} (i64.const ${rot[i]}))`
    lines.push(`(local.set $b${dest[i]} ${value})`)
  }
  for (let y = 0; y < 25; y += 5) {
    for (let x = 0; x < 5; x++) {
      const b = (k: number): string => `(local.get $b${y + ((x + k) % 5)})`
      let chi = `(i64.xor ${b(0)} (i64.and (i64.xor ${b(1)} (i64.const -1)) ${b(2)}))`
      if (x === 0 && y === 0) chi = `(i64.xor ${chi} (i64.const ${BigInt.asIntN(64, rc)}))`
      lines.push(`(local.set $a${x + y} ${chi})`)
    }
  }
  return lines.join('\n')
}

const RC_AT = 256 // scratch offset of the 24 round constants (data segment)

/**
 * The full permutation over the `$a*` locals: 24 rounds unrolled, or, with
 * `unrolled = false`, one round inside a loop reading its constant from memory.
 */
function permutation(unrolled: boolean): string {
  const { rot, dest } = rhoPi()
  if (unrolled)
    return roundConstants()
      .map((rc) => round(rc, rot, dest))
      .join('\n')
  const body = round(0n, rot, dest).replace('(i64.const 0))', `(i64.load offset=${RC_AT} (local.get $r)))`)
  return `(local.set $r (i32.const 0))
(loop $round
${body}
(local.set $r (i32.add (local.get $r) (i32.const 8)))
(br_if $round (i32.lt_u (local.get $r) (i32.const 192))))`
}

function roundConstantData(): string {
  const bytes = roundConstants().flatMap((c) =>
    Array.from({ length: 8 }, (_, i) => Number((c >> BigInt(8 * i)) & 0xffn)),
  )
  return `(data (i32.const ${RC_AT}) "${bytes.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('')}")`
}

function stateLocals(): string {
  const names = [
    ...Array.from({ length: 25 }, (_, i) => `$a${i}`),
    ...Array.from({ length: 25 }, (_, i) => `$b${i}`),
    ...Array.from({ length: 5 }, (_, i) => `$c${i}`),
    ...Array.from({ length: 5 }, (_, i) => `$d${i}`),
  ]
  return `${names.map((n) => `(local ${n} i64)`).join(' ')} (local $r i32)`
}

function storeDigest(ptr: string): string {
  return [0, 1, 2, 3].map((i) => `(i64.store offset=${i * 8} ${ptr} ${a(i)})`).join('\n')
}

/** `$h64(in, out)`: keccak256 of the 64 bytes at `in`, one block: lanes 8 and 16 carry the padding. */
function h64(perm: string): string {
  const load = Array.from({ length: 25 }, (_, i) => {
    if (i < 8) return `(local.set $a${i} (i64.load offset=${i * 8} (local.get $in)))`
    if (i === 8) return `(local.set $a8 (i64.const 1))`
    if (i === 16) return `(local.set $a16 (i64.const ${BigInt.asIntN(64, 0x80n << 56n)}))`
    return `(local.set $a${i} (i64.const 0))`
  }).join('\n')
  return `(func $h64 (param $in i32) (param $out i32) ${stateLocals()}
${load}
${perm}
${storeDigest('(local.get $out)')})`
}

function hash64(): string {
  return `(func (export "hash64") (param $in i32) (param $out i32) (param $n i32)
(block $done (loop $next
  (br_if $done (i32.eqz (local.get $n)))
  (call $h64 (local.get $in) (local.get $out))
  (local.set $in (i32.add (local.get $in) (i32.const 64)))
  (local.set $out (i32.add (local.get $out) (i32.const 32)))
  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
  (br $next))))`
}

/** `$absorbPermute(ptr)` body: xor one 136-byte block into the rate lanes, then permute. */
function absorb(ptr: string): string {
  return Array.from(
    { length: RATE_LANES },
    (_, i) => `(local.set $a${i} ${xor(a(i), `(i64.load offset=${i * 8} ${ptr})`)})`,
  ).join('\n')
}

const PAD = 64 // scratch offset of the 136-byte final block

function hashVar(perm: string): string {
  const zeroState = Array.from({ length: 25 }, (_, i) => `(local.set $a${i} (i64.const 0))`).join('\n')
  const zeroPad = Array.from(
    { length: RATE_LANES },
    (_, i) => `(i64.store offset=${PAD + i * 8} (i32.const 0) (i64.const 0))`,
  ).join('\n')
  return `(func (export "hashVar") (param $data i32) (param $offs i32) (param $n i32) (param $out i32)
(local $p i32) (local $len i32) ${stateLocals()}
(block $done (loop $next
  (br_if $done (i32.eqz (local.get $n)))
  (local.set $p (i32.add (local.get $data) (i32.load (local.get $offs))))
  (local.set $len (i32.sub (i32.add (local.get $data) (i32.load offset=4 (local.get $offs))) (local.get $p)))
  ${zeroState}
  (block $tail (loop $blocks
    (br_if $tail (i32.lt_u (local.get $len) (i32.const 136)))
    ${absorb('(local.get $p)')}
    ${perm}
    (local.set $p (i32.add (local.get $p) (i32.const 136)))
    (local.set $len (i32.sub (local.get $len) (i32.const 136)))
    (br $blocks)))
  ${zeroPad}
  (memory.copy (i32.const ${PAD}) (local.get $p) (local.get $len))
  (i32.store8 offset=${PAD} (local.get $len) (i32.const 1))
  (i32.store8 (i32.const ${PAD + 135}) (i32.or (i32.load8_u (i32.const ${PAD + 135})) (i32.const 0x80)))
  ${absorb(`(i32.const ${PAD})`)}
  ${perm}
  ${storeDigest('(local.get $out)')}
  (local.set $offs (i32.add (local.get $offs) (i32.const 4)))
  (local.set $out (i32.add (local.get $out) (i32.const 32)))
  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
  (br $next))))`
}

/** Copies 32 bytes as four i64 words. */
function copy32(dst: string, src: string): string {
  return [0, 8, 16, 24].map((o) => `(i64.store offset=${o} ${dst} (i64.load offset=${o} ${src}))`).join('\n')
}

function foldProof(): string {
  // Scratch 0..63 holds `left ++ right` for each level.
  return `(func (export "foldProof") (param $node i32) (param $proof i32) (param $depth i32) (param $index i32)
(block $done (loop $next
  (br_if $done (i32.eqz (local.get $depth)))
  (if (i32.and (local.get $index) (i32.const 1))
    (then ${copy32('(i32.const 0)', '(local.get $proof)')} ${copy32('(i32.const 32)', '(local.get $node)')})
    (else ${copy32('(i32.const 0)', '(local.get $node)')} ${copy32('(i32.const 32)', '(local.get $proof)')}))
  (call $h64 (i32.const 0) (local.get $node))
  (local.set $proof (i32.add (local.get $proof) (i32.const 32)))
  (local.set $index (i32.shr_u (local.get $index) (i32.const 1)))
  (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
  (br $next))))`
}

/** The complete module text. */
export function keccakWat(options: { unrolled: boolean }): string {
  const perm = permutation(options.unrolled)
  return `(module
(memory (export "memory") 1)
${roundConstantData()}
${h64(perm)}
${hash64()}
${hashVar(perm)}
${foldProof()}
)`
}
