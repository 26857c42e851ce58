// The native bindings of the `secp256k1` package (bitcoin-core's libsecp256k1), imported on their own: the package's
// main entry falls back to a JavaScript implementation when the addon does not load, and a verifier must fail loudly
// instead. Only what the light client calls is declared.
declare module 'secp256k1/bindings.js' {
  const secp256k1: {
    /** Public key recovery (libsecp256k1 `ecdsa_recover`): 64-byte r | s, recovery id 0..3, 32-byte message hash. */
    ecdsaRecover(signature: Uint8Array, recid: number, message: Uint8Array, compressed?: boolean): Uint8Array
  }
  export default secp256k1
}
