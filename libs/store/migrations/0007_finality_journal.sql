CREATE TABLE "finality_journal" (
	"chain" bigint NOT NULL,
	"client" text NOT NULL,
	"version" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finality_journal_chain_client_version_pk" PRIMARY KEY("chain","client","version")
);
--> statement-breakpoint
ALTER TABLE "finality_states" ADD COLUMN "snapshot_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Every state written before this migration is a whole snapshot of its version.
UPDATE "finality_states" SET "snapshot_version" = "version";
