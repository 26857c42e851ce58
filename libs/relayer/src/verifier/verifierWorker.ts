// Worker-thread entry of the verifier pool (piscina): pure verification only, one named task per kind of source.
export { default as evm } from './verifyWorker.js'
export { default as solana } from '../solana/solanaVerifyWorker.js'
