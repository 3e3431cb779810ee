CREATE TABLE "audit_tree" (
	"level" smallint NOT NULL,
	"idx" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "audit_tree_level_idx_pk" PRIMARY KEY("level","idx")
);
--> statement-breakpoint
-- The Merkle tree's nodes are append-only like the entries they hash: a node, once written, never changes.
CREATE OR REPLACE FUNCTION audit_tree_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_tree is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_tree_no_update_delete BEFORE UPDATE OR DELETE ON audit_tree FOR EACH ROW EXECUTE FUNCTION audit_tree_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_tree_no_truncate BEFORE TRUNCATE ON audit_tree FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_refuse_change();
