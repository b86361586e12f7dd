-- The shapes of issue 19 ("Scale"), one psql script per database, each run in one transaction.
-- Everything is built from generate_series inside the server (no client round trips).
-- psql variables (set by bench/make-scale.sh):
--   shape    toc | values | narrow
--   tables   toc: number of tables (default shape: 30000; views = tables/10, functions = tables/6,
--            foreign keys = tables/15)
--   big_rows values: rows of 50 MB text (issue: 30)
--   narrow_rows narrow: rows of one int (issue: 50 M)
--   wide_rows   narrow: rows of the 1,500-column table
\set ON_ERROR_STOP 1
SELECT :'shape' = 'toc' AS is_toc, :'shape' = 'values' AS is_values, :'shape' = 'narrow' AS is_narrow \gset
BEGIN;
\if :is_toc
-- (a) many small tables: each with a primary key, a second index, a comment, a GRANT and
-- three rows; plus views, SQL functions and foreign keys between neighbouring tables.
CREATE ROLE scale_reader;
SELECT set_config('scale.tables', :'tables', true);  -- psql does not expand :tables inside $$
DO $$
DECLARE i int; n int := current_setting('scale.tables')::int;
BEGIN
  FOR i IN 1 .. n LOOP
    EXECUTE format('CREATE TABLE public.t%s (id int PRIMARY KEY, ref int, v text)', i);
    EXECUTE format('CREATE INDEX t%s_v_idx ON public.t%s (v)', i, i);
    EXECUTE format('COMMENT ON TABLE public.t%s IS %L', i, 'tenant table ' || i);
    EXECUTE format('GRANT SELECT ON public.t%s TO scale_reader', i);
    EXECUTE format('INSERT INTO public.t%s SELECT g, g, md5(g::text) FROM generate_series(1, 3) g', i);
  END LOOP;
  FOR i IN 1 .. n / 10 LOOP
    EXECUTE format('CREATE VIEW public.v%s AS SELECT id, v FROM public.t%s WHERE id > 1', i, i);
  END LOOP;
  FOR i IN 1 .. n / 6 LOOP
    EXECUTE format('CREATE FUNCTION public.f%s(x int) RETURNS int LANGUAGE sql IMMUTABLE AS %L', i,
                   'SELECT x + ' || i);
  END LOOP;
  FOR i IN 1 .. n / 15 LOOP
    EXECUTE format('ALTER TABLE public.t%s ADD CONSTRAINT t%s_ref_fk FOREIGN KEY (ref) REFERENCES public.t%s (id)',
                   i, i, i + 1);
  END LOOP;
END $$;
\endif
\if :is_values
-- (b) long values: rows of 50 MB text and one 100 MB bytea (COPY writes it as 200 MB of hex).
-- storage EXTERNAL: no pglz pass in the server (cheaper to build; the dump is the same).
CREATE TABLE public.big_t (id int PRIMARY KEY, t text);
ALTER TABLE public.big_t ALTER COLUMN t SET STORAGE EXTERNAL;
INSERT INTO public.big_t SELECT g, repeat(md5(g::text), 50 * 1024 * 1024 / 32) FROM generate_series(1, :big_rows) g;
CREATE TABLE public.big_b (id int PRIMARY KEY, b bytea);
ALTER TABLE public.big_b ALTER COLUMN b SET STORAGE EXTERNAL;
INSERT INTO public.big_b VALUES (1, decode(repeat(md5('b'), 100 * 1024 * 1024 / 16), 'hex'));
\endif
\if :is_narrow
-- (c) a narrow table (one int, many rows) and a wide one (1,500 int columns).
CREATE TABLE public.narrow (n int);
INSERT INTO public.narrow SELECT g FROM generate_series(1, :narrow_rows) g;
SELECT 'CREATE TABLE public.wide (' || string_agg(format('c%s int', c), ', ' ORDER BY c) || ')'
  FROM generate_series(1, 1500) c \gexec
SELECT 'INSERT INTO public.wide SELECT ' || string_agg(format('g + %s', c), ', ' ORDER BY c)
       || ' FROM generate_series(1, ' || :wide_rows || ') g'
  FROM generate_series(1, 1500) c \gexec
\endif
COMMIT;
