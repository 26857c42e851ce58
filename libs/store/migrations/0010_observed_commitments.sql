CREATE TABLE "observed_commitments" (
	"domain" bigint NOT NULL,
	"slot" bigint NOT NULL,
	"signer" text NOT NULL,
	"commitment" "bytea" NOT NULL,
	"signature" "bytea" NOT NULL,
	"observed_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observed_commitments_domain_slot_signer_commitment_pk" PRIMARY KEY("domain","slot","signer","commitment")
);
