-- Loaded by generate-prediction.sh into a PostgreSQL 15 database owned by app_owner.
-- Each object is a restore failure that only the target can cause (no data fault):
-- roles, an extension and a C library the target lacks, a language that comes with that
-- extension, and a CHECK constraint whose function reads another table by an unqualified
-- name (pg_restore runs with an empty search_path).

CREATE EXTENSION pgdmp_demo;                         -- installed here only while dumping
CREATE SCHEMA sales AUTHORIZATION app_owner;
SET ROLE app_owner;
CREATE TABLE sales.customers (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO sales.customers SELECT g, 'customer ' || g FROM generate_series(1, 20) g;
CREATE TABLE sales.notes (id int PRIMARY KEY, body public.pgdmp_text NOT NULL);   -- type from the extension
INSERT INTO sales.notes VALUES (1, 'a note');
GRANT SELECT ON sales.customers TO reporting;
GRANT USAGE ON SCHEMA sales TO reporting;
RESET ROLE;
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA sales GRANT SELECT ON TABLES TO reporting;

-- A function in the extension's language.
CREATE FUNCTION sales.shout(t text) RETURNS text LANGUAGE plpgdmp AS $$ BEGIN RETURN upper(t); END $$;
ALTER FUNCTION sales.shout(text) OWNER TO app_owner;

-- A C function from a shared library that only this server has.
CREATE FUNCTION public.gone_hash(public.citext) RETURNS integer AS '$libdir/pgdmp_gone', 'citext_hash'
    LANGUAGE c IMMUTABLE STRICT;

-- A CHECK that calls a function reading another table by an unqualified name.
CREATE TABLE public.players (id int PRIMARY KEY, team int);
INSERT INTO public.players SELECT g, g % 3 FROM generate_series(1, 9) g;
CREATE FUNCTION public.team_size(t int) RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM players WHERE team = t';
CREATE TABLE public.teams (id int PRIMARY KEY, CHECK (public.team_size(id) >= 0));
INSERT INTO public.teams VALUES (0), (1), (2);
CREATE TABLE public.games (id int PRIMARY KEY, team_id int REFERENCES public.teams(id));
INSERT INTO public.games VALUES (1, 0), (2, 1), (3, NULL);
ALTER TABLE public.players OWNER TO app_owner;
ALTER TABLE public.teams OWNER TO app_owner;
ALTER TABLE public.games OWNER TO app_owner;
