-- A LATIN1-encoded database (loaded with client_encoding UTF8, stored as LATIN1):
-- names and values outside ASCII reach the archive as single LATIN1 bytes, which
-- pg_restore -l prints unchanged.
CREATE SCHEMA "données";
CREATE TABLE "données"."café" (id integer PRIMARY KEY, "naïve" text, prix numeric(8,2));
COMMENT ON TABLE "données"."café" IS 'Carte des cafés, façon crème brûlée';
INSERT INTO "données"."café" VALUES (1, 'crème', 2.50), (2, 'über', 3.10), (3, NULL, 0), (4, 'ÿ±§', 1);
CREATE INDEX "café_naïve_idx" ON "données"."café" ("naïve");
CREATE TABLE public.plain (id integer, label text);
INSERT INTO public.plain SELECT g, 'ligne ' || g || ' à ' || g FROM generate_series(1, 50) g;
CREATE VIEW "données"."vue_été" AS SELECT id, "naïve" FROM "données"."café";
