import { KECCAK_WASM_BASE64 } from './keccakWasmBase64.js'

/**
 * First byte of linear memory callers may use; below it is the kernel's scratch.
 *
 * @example
 * kernel.reserve(64).set(pair, KERNEL_HEAP)
 */
export const KERNEL_HEAP = 1024

const PAGE = 65536

// The slice of the WebAssembly JS API used here: lib ES2023 has no WebAssembly
// types and @types/node 20 declares none.
type WasmMemory = { readonly buffer: ArrayBuffer; grow(pages: number): number }
type WasmApi = {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { exports: unknown }
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly // reason: see WasmApi

type KernelExports = {
  memory: WasmMemory
  hash64(inPtr: number, outPtr: number, n: number): void
  hashVar(dataPtr: number, offsetsPtr: number, n: number, outPtr: number): void
  foldProof(nodePtr: number, proofPtr: number, depth: number, index: number): void
}

/**
 * The instantiated keccak256 WebAssembly kernel (see `scripts/keccakWat.ts`).
 *
 * @example
 * const kernel: KeccakKernel = getKeccakKernel()
 */
export type KeccakKernel = KernelExports & {
  /**
   * Grows memory so `KERNEL_HEAP + bytes` fit and returns a byte view of it.
   * Views go stale when memory grows, so take a fresh one after every `reserve`.
   */
  reserve(bytes: number): Uint8Array
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

function instantiate(): KeccakKernel {
  // Synchronous compile so worker threads can hash right after import.
  const module = new wasm.Module(decodeBase64(KECCAK_WASM_BASE64))
  // reason: the module's exports are fixed by keccakWat.ts
  const exports = new wasm.Instance(module).exports as unknown as KernelExports
  let view = new Uint8Array(exports.memory.buffer)
  return {
    ...exports,
    reserve(bytes: number): Uint8Array {
      const need = KERNEL_HEAP + bytes
      if (need > view.byteLength) {
        exports.memory.grow(Math.ceil((need - view.byteLength) / PAGE))
        view = new Uint8Array(exports.memory.buffer)
      }
      return view
    },
  }
}

// One instance per thread, created on first use. This is the one piece of
// module-level state in the lib: a cache of a pure kernel whose memory is only
// touched inside synchronous calls, so no caller can observe another's bytes.
let kernel: KeccakKernel | undefined

/**
 * The keccak kernel of this thread, compiled on first call (about 1 ms).
 *
 * @example
 * const k = getKeccakKernel()
 * const mem = k.reserve(64 + 32)
 * mem.fill(0, KERNEL_HEAP, KERNEL_HEAP + 64)
 * k.hash64(KERNEL_HEAP, KERNEL_HEAP + 64, 1) // keccak256 of 64 zero bytes
 */
export function getKeccakKernel(): KeccakKernel {
  kernel ??= instantiate()
  return kernel
}
