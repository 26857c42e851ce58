CREATE TABLE "message_count_deltas" (
	"origin" bigint NOT NULL,
	"destination" bigint NOT NULL,
	"state" "message_state" NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_counts" (
	"origin" bigint NOT NULL,
	"destination" bigint NOT NULL,
	"state" "message_state" NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "message_counts_origin_destination_state_pk" PRIMARY KEY("origin","destination","state")
);
--> statement-breakpoint
-- Statement-level triggers append what each statement changed per route and state (a few rows per statement, not
-- per message): transition tables hold the statement's rows, and no counter row is updated in place, so concurrent
-- writers never wait on one another.
CREATE FUNCTION message_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_count_deltas (origin, destination, state, n)
    SELECT origin, destination, state, count(*) FROM new_rows GROUP BY origin, destination, state;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION message_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_count_deltas (origin, destination, state, n)
    SELECT origin, destination, state, sum(n) FROM (
      SELECT origin, destination, state, 1 AS n FROM new_rows
      UNION ALL SELECT origin, destination, state, -1 AS n FROM old_rows) AS changed
    GROUP BY origin, destination, state HAVING sum(n) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION message_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_count_deltas (origin, destination, state, n)
    SELECT origin, destination, state, -count(*) FROM old_rows GROUP BY origin, destination, state;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION message_counts_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM message_count_deltas;
  DELETE FROM message_counts;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER message_counts_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_counts_on_insert();
--> statement-breakpoint
CREATE TRIGGER message_counts_update AFTER UPDATE ON messages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION message_counts_on_update();
--> statement-breakpoint
CREATE TRIGGER message_counts_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION message_counts_on_delete();
--> statement-breakpoint
CREATE TRIGGER message_counts_truncate AFTER TRUNCATE ON messages FOR EACH STATEMENT EXECUTE FUNCTION message_counts_on_truncate();
--> statement-breakpoint
-- The messages already stored.
INSERT INTO message_counts (origin, destination, state, n) SELECT origin, destination, state, count(*) FROM messages GROUP BY origin, destination, state;
