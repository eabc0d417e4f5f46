-- The field log is append-only: the database itself refuses to change or remove a row.
-- SQLite drops a table's triggers when a migration rebuilds it, so the migration tool
-- (prisma/tools/new-migration.ts) appends this file to every migration that touches FieldWrite.
DROP TRIGGER IF EXISTS "FieldWrite_no_update";
CREATE TRIGGER "FieldWrite_no_update" BEFORE UPDATE ON "FieldWrite"
BEGIN
  SELECT RAISE(ABORT, 'FieldWrite is append-only: rows cannot be updated');
END;
DROP TRIGGER IF EXISTS "FieldWrite_no_delete";
CREATE TRIGGER "FieldWrite_no_delete" BEFORE DELETE ON "FieldWrite"
BEGIN
  SELECT RAISE(ABORT, 'FieldWrite is append-only: rows cannot be deleted');
END;
