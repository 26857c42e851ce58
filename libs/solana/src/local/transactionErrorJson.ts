import {
  InstructionErrorBorshIo,
  InstructionErrorCustom,
  TransactionErrorDuplicateInstruction,
  TransactionErrorInstructionError,
  TransactionErrorInsufficientFundsForRent,
  TransactionErrorProgramExecutionTemporarilyRestricted,
  type FailedTransactionMetadata,
} from 'litesvm/dist/internal.js'

// Names of the napi `const enum`s (no runtime object is exported), in
// declaration order, as the JSON-RPC spells them (serde of solana TransactionError).
const TRANSACTION_ERRORS = (
  'AccountInUse AccountLoadedTwice AccountNotFound ProgramAccountNotFound InsufficientFundsForFee ' +
  'InvalidAccountForFee ' +
  'AlreadyProcessed BlockhashNotFound CallChainTooDeep MissingSignatureForFee InvalidAccountIndex SignatureFailure ' +
  'InvalidProgramForExecution SanitizeFailure ClusterMaintenance AccountBorrowOutstanding ' +
  'WouldExceedMaxBlockCostLimit ' +
  'UnsupportedVersion InvalidWritableAccount WouldExceedMaxAccountCostLimit WouldExceedAccountDataBlockLimit ' +
  'TooManyAccountLocks ' +
  'AddressLookupTableNotFound InvalidAddressLookupTableOwner InvalidAddressLookupTableData ' +
  'InvalidAddressLookupTableIndex ' +
  'InvalidRentPayingAccount WouldExceedMaxVoteCostLimit WouldExceedAccountDataTotalLimit ' +
  'MaxLoadedAccountsDataSizeExceeded ' +
  'ResanitizationNeeded InvalidLoadedAccountsDataSizeLimit UnbalancedTransaction ProgramCacheHitMaxLimit ' +
  'CommitCancelled'
).split(' ')

const INSTRUCTION_ERRORS = (
  'GenericError InvalidArgument InvalidInstructionData InvalidAccountData AccountDataTooSmall InsufficientFunds ' +
  'IncorrectProgramId MissingRequiredSignature AccountAlreadyInitialized UninitializedAccount UnbalancedInstruction ' +
  'ModifiedProgramId ExternalAccountLamportSpend ExternalAccountDataModified ReadonlyLamportChange ' +
  'ReadonlyDataModified ' +
  'DuplicateAccountIndex ExecutableModified RentEpochModified NotEnoughAccountKeys AccountDataSizeChanged ' +
  'AccountNotExecutable ' +
  'AccountBorrowFailed AccountBorrowOutstanding DuplicateAccountOutOfSync InvalidError ExecutableDataModified ' +
  'ExecutableLamportChange ' +
  'ExecutableAccountNotRentExempt UnsupportedProgramId CallDepth MissingAccount ReentrancyNotAllowed ' +
  'MaxSeedLengthExceeded ' +
  'InvalidSeeds InvalidRealloc ComputationalBudgetExceeded PrivilegeEscalation ProgramEnvironmentSetupFailure ' +
  'ProgramFailedToComplete ProgramFailedToCompile Immutable IncorrectAuthority AccountNotRentExempt ' +
  'InvalidAccountOwner ' +
  'ArithmeticOverflow UnsupportedSysvar IllegalOwner MaxAccountsDataAllocationsExceeded MaxAccountsExceeded ' +
  'MaxInstructionTraceLengthExceeded BuiltinProgramsMustConsumeComputeUnits BorshIoError'
).split(' ')

type LiteSvmError = ReturnType<FailedTransactionMetadata['err']>

function instructionErrorJson(err: ReturnType<TransactionErrorInstructionError['err']>): unknown {
  if (err instanceof InstructionErrorCustom) return { Custom: err.code }
  if (err instanceof InstructionErrorBorshIo) return { BorshIoError: err.msg }
  // reason: remaining variant is the fieldless enum (a number)
  return INSTRUCTION_ERRORS[err as number] ?? `InstructionError${String(err)}`
}

/**
 * A LiteSVM transaction error in the JSON-RPC's form (`"BlockhashNotFound"`,
 * `{ "InstructionError": [1, { "Custom": 6 }] }`, ...).
 *
 * @example
 * transactionErrorJson(failed.err()) // { InstructionError: [0, 'InvalidArgument'] }
 */
export function transactionErrorJson(err: LiteSvmError): unknown {
  if (err instanceof TransactionErrorInstructionError)
    return { InstructionError: [err.index, instructionErrorJson(err.err())] }
  if (err instanceof TransactionErrorDuplicateInstruction) return { DuplicateInstruction: err.index }
  if (err instanceof TransactionErrorInsufficientFundsForRent)
    return { InsufficientFundsForRent: { account_index: err.accountIndex } }
  if (err instanceof TransactionErrorProgramExecutionTemporarilyRestricted) {
    return { ProgramExecutionTemporarilyRestricted: { account_index: err.accountIndex } }
  }
  // reason: remaining variant is the fieldless enum (a number)
  return TRANSACTION_ERRORS[err as number] ?? `TransactionError${String(err)}`
}

/**
 * Whether a cluster would still put the failed transaction in a block and charge
 * its fee: errors raised while executing, not while loading or checking it.
 *
 * @example
 * if (landsOnChain(failed.err())) ledger.record(tx)
 */
export function landsOnChain(err: LiteSvmError): boolean {
  return (
    err instanceof TransactionErrorInstructionError ||
    err instanceof TransactionErrorInsufficientFundsForRent ||
    err instanceof TransactionErrorProgramExecutionTemporarilyRestricted
  )
}
