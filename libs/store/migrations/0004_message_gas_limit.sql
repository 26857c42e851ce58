-- Protocol v2 (PROTOCOL.md "Execution gas"): every message carries its gas limit. No default on purpose:
-- a v1 message cannot execute on a v2 inbox, so a store holding v1 messages must be started afresh, not migrated.
ALTER TABLE "messages" ADD COLUMN "gas_limit" bigint NOT NULL;
