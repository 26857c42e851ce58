CREATE TABLE "message_keys" (
	"id" "bytea" NOT NULL,
	"origin" bigint NOT NULL,
	"destination" bigint NOT NULL,
	"sender" "bytea" NOT NULL,
	"source_tx_hash" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Statement-level triggers keep message_keys the set of the stored messages' immutable keys, whoever writes
-- messages: one set-based insert per statement from its transition table, as the count triggers of 0008 do. The keys
-- never change after insert (nothing updates id, origin, destination, sender, source tx or created_at), so
-- no update trigger. The triggers come before the copy below: CREATE TRIGGER locks messages against writes until
-- this migration commits, so no message lands between the copy and the first trigger.
CREATE FUNCTION message_keys_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_keys (id, origin, destination, sender, source_tx_hash, created_at)
    SELECT id, origin, destination, sender, source_tx_hash, created_at FROM new_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION message_keys_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM message_keys k USING old_rows o WHERE k.id = o.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION message_keys_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE message_keys;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER message_keys_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_keys_on_insert();
--> statement-breakpoint
CREATE TRIGGER message_keys_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION message_keys_on_delete();
--> statement-breakpoint
CREATE TRIGGER message_keys_truncate AFTER TRUNCATE ON messages FOR EACH STATEMENT EXECUTE FUNCTION message_keys_on_truncate();
--> statement-breakpoint
-- The messages already stored (before the indexes below are built, which is faster than entering each row).
INSERT INTO message_keys (id, origin, destination, sender, source_tx_hash, created_at)
  SELECT id, origin, destination, sender, source_tx_hash, created_at FROM messages;
--> statement-breakpoint
DROP INDEX "messages_source_tx_idx";--> statement-breakpoint
DROP INDEX "messages_source_block_idx";--> statement-breakpoint
DROP INDEX "messages_sender_created_idx";--> statement-breakpoint
DROP INDEX "messages_route_created_idx";--> statement-breakpoint
DROP INDEX "messages_created_idx";--> statement-breakpoint
DROP INDEX "messages_batch_idx";--> statement-breakpoint
CREATE INDEX "message_keys_sender_created_idx" ON "message_keys" USING btree ("sender","created_at","id");--> statement-breakpoint
CREATE INDEX "message_keys_route_created_idx" ON "message_keys" USING btree ("origin","destination","created_at","id");--> statement-breakpoint
CREATE INDEX "message_keys_created_idx" ON "message_keys" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "message_keys_source_tx_idx" ON "message_keys" USING btree ("source_tx_hash");--> statement-breakpoint
CREATE INDEX "messages_batch_idx" ON "messages" USING btree ("batch_destination","batch_index","leaf_index") WHERE batch_destination IS NOT NULL;