import type { Hex } from 'viem'

/**
 * Creation code of a contract whose whole runtime code is the `INVALID` opcode (`0xfe`): every call
 * to it burns all the gas it is given. A hostile recipient: without per-message gas limits, one such
 * message would make every `execute` carrying it revert. Deploy it as it is
 * (`PUSH1 1 PUSH1 12 PUSH1 0 CODECOPY PUSH1 1 PUSH1 0 RETURN`, then the runtime byte).
 *
 * @example
 * const hash = await walletClient.deployContract({ abi: [], bytecode: gasBurningRecipientBytecode })
 */
export const gasBurningRecipientBytecode: Hex = '0x6001600c60003960016000f3fe'
