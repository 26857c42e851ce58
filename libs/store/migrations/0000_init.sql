CREATE TYPE "public"."message_state" AS ENUM('observed', 'verified', 'rejected', 'batched', 'settled', 'executed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."verification" AS ENUM('light-client', 'attested', 'confirmations');--> statement-breakpoint
CREATE TYPE "public"."source_block_state" AS ENUM('received', 'verified', 'rejected', 'orphaned');--> statement-breakpoint
CREATE TYPE "public"."batch_state" AS ENUM('proposed', 'signed', 'submitted', 'settled', 'refused');--> statement-breakpoint
CREATE TYPE "public"."outgoing_tx_kind" AS ENUM('submitBatch', 'execute');--> statement-breakpoint
CREATE TYPE "public"."outgoing_tx_state" AS ENUM('signed', 'sent', 'mined', 'failed', 'replaced');--> statement-breakpoint
CREATE TABLE "messages" (
	"id" "bytea" PRIMARY KEY NOT NULL,
	"origin" bigint NOT NULL,
	"destination" bigint NOT NULL,
	"nonce" bigint NOT NULL,
	"sender" "bytea" NOT NULL,
	"recipient" "bytea" NOT NULL,
	"payload" "bytea" NOT NULL,
	"source_block_number" bigint NOT NULL,
	"source_block_hash" "bytea" NOT NULL,
	"source_tx_hash" "bytea" NOT NULL,
	"log_index" integer NOT NULL,
	"state" "message_state" NOT NULL,
	"verification" "verification" NOT NULL,
	"reason_code" text,
	"batch_destination" bigint,
	"batch_index" bigint,
	"leaf_index" integer,
	"execution_tx_hash" "bytea",
	"attempts" integer DEFAULT 0 NOT NULL,
	"traceparent" text,
	"observed_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"batched_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"executed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_blocks" (
	"origin" bigint NOT NULL,
	"number" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	"parent_hash" "bytea" NOT NULL,
	"state" "source_block_state" NOT NULL,
	"message_count" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_blocks_origin_hash_pk" PRIMARY KEY("origin","hash")
);
--> statement-breakpoint
CREATE TABLE "rejections" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"stage" text NOT NULL,
	"reason_code" text NOT NULL,
	"details" jsonb,
	"message_id" "bytea",
	"origin" bigint,
	"block_hash" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"destination" bigint NOT NULL,
	"batch_index" bigint NOT NULL,
	"batch_hash" "bytea" NOT NULL,
	"root" "bytea" NOT NULL,
	"message_count" integer NOT NULL,
	"previous_batch_hash" "bytea" NOT NULL,
	"proposer" "bytea" NOT NULL,
	"state" "batch_state" NOT NULL,
	"submit_tx_hash" "bytea",
	"traceparent" text,
	"signed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batches_destination_batch_index_pk" PRIMARY KEY("destination","batch_index")
);
--> statement-breakpoint
CREATE TABLE "batch_signatures" (
	"destination" bigint NOT NULL,
	"batch_index" bigint NOT NULL,
	"signer" "bytea" NOT NULL,
	"signature" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "batch_signatures_destination_batch_index_signer_pk" PRIMARY KEY("destination","batch_index","signer")
);
--> statement-breakpoint
CREATE TABLE "chain_cursors" (
	"chain" bigint NOT NULL,
	"name" text NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" "bytea",
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chain_cursors_chain_name_pk" PRIMARY KEY("chain","name")
);
--> statement-breakpoint
CREATE TABLE "outgoing_txs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"chain" bigint NOT NULL,
	"from_address" "bytea" NOT NULL,
	"nonce" bigint NOT NULL,
	"kind" "outgoing_tx_kind" NOT NULL,
	"batch_index" bigint NOT NULL,
	"leaf_from" integer,
	"leaf_to" integer,
	"tx_hash" "bytea" NOT NULL,
	"raw_tx" "bytea" NOT NULL,
	"max_fee_per_gas" bigint,
	"max_priority_fee_per_gas" bigint,
	"state" "outgoing_tx_state" NOT NULL,
	"sent_at" timestamp with time zone,
	"mined_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "messages_unbatched_idx" ON "messages" USING btree ("destination","verified_at","id") WHERE state = 'verified';--> statement-breakpoint
CREATE INDEX "messages_batch_idx" ON "messages" USING btree ("batch_destination","batch_index","leaf_index");--> statement-breakpoint
CREATE INDEX "messages_source_tx_idx" ON "messages" USING btree ("source_tx_hash");--> statement-breakpoint
CREATE INDEX "messages_source_block_idx" ON "messages" USING btree ("origin","source_block_hash");--> statement-breakpoint
CREATE INDEX "source_blocks_number_idx" ON "source_blocks" USING btree ("origin","number");--> statement-breakpoint
CREATE INDEX "rejections_message_idx" ON "rejections" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "rejections_created_idx" ON "rejections" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_txs_hash_idx" ON "outgoing_txs" USING btree ("chain","tx_hash");--> statement-breakpoint
CREATE INDEX "outgoing_txs_nonce_idx" ON "outgoing_txs" USING btree ("chain","from_address","nonce");--> statement-breakpoint
CREATE INDEX "outgoing_txs_pending_idx" ON "outgoing_txs" USING btree ("chain","from_address","nonce") WHERE state in ('signed', 'sent');