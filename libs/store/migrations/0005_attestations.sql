CREATE TABLE "attestations" (
	"domain" bigint NOT NULL,
	"slot" bigint NOT NULL,
	"signer" text NOT NULL,
	"commitment" "bytea" NOT NULL,
	"signature" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attestations_domain_slot_signer_pk" PRIMARY KEY("domain","slot","signer")
);
