CREATE TABLE "route_pauses" (
	"origin" bigint NOT NULL,
	"destination" bigint NOT NULL,
	"paused_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "route_pauses_destination_origin_pk" PRIMARY KEY("destination","origin")
);
--> statement-breakpoint
CREATE INDEX "messages_sender_created_idx" ON "messages" USING btree ("sender","created_at","id");--> statement-breakpoint
CREATE INDEX "messages_route_created_idx" ON "messages" USING btree ("origin","destination","created_at","id");--> statement-breakpoint
CREATE INDEX "messages_created_idx" ON "messages" USING btree ("created_at","id");