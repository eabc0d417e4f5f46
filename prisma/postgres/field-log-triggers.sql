-- The field log is append-only: the database itself refuses to change or remove a row.
-- (Appended by prisma/tools/new-migration.ts to every migration that touches FieldWrite.)
CREATE OR REPLACE FUNCTION "FieldWrite_append_only"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'FieldWrite is append-only: rows cannot be updated';
  END IF;
  RAISE EXCEPTION 'FieldWrite is append-only: rows cannot be deleted';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS "FieldWrite_no_update" ON "FieldWrite";
CREATE TRIGGER "FieldWrite_no_update" BEFORE UPDATE ON "FieldWrite" FOR EACH ROW EXECUTE FUNCTION "FieldWrite_append_only"();
DROP TRIGGER IF EXISTS "FieldWrite_no_delete" ON "FieldWrite";
CREATE TRIGGER "FieldWrite_no_delete" BEFORE DELETE ON "FieldWrite" FOR EACH ROW EXECUTE FUNCTION "FieldWrite_append_only"();
DROP TRIGGER IF EXISTS "FieldWrite_no_truncate" ON "FieldWrite";
CREATE TRIGGER "FieldWrite_no_truncate" BEFORE TRUNCATE ON "FieldWrite" FOR EACH STATEMENT EXECUTE FUNCTION "FieldWrite_append_only"();
