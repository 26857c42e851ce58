CREATE TABLE "finality_states" (
	"chain" bigint NOT NULL,
	"client" text NOT NULL,
	"version" integer NOT NULL,
	"finalized_block" bigint,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finality_states_chain_client_pk" PRIMARY KEY("chain","client")
);
