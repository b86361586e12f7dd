-- Mastodon-shaped schema for `pgdmp check` fixtures (see generate-faults.sh).
-- With psql variable faults=1 it also plants rows that make the restore fail.
-- Faults are planted honestly on a real PostgreSQL 15 server:
--   * oversized / duplicate keys: the index is made not-ready (pg_index.indisready = false,
--     superuser catalog update) while the rows go in, then made ready again, so the data
--     and the index definition are both dumped although the index does not hold the rows;
--   * orphan foreign-key rows: inserted under SET session_replication_role = replica,
--     which skips the RI triggers.

-- deterministic "random" hex: md5 chain
CREATE FUNCTION public.hexchain(seed text, len int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT left(string_agg(md5(seed || i::text), '' ORDER BY i), len)
  FROM generate_series(1, (len / 32) + 1) AS i
$$;

CREATE TABLE public.accounts (
    id bigint NOT NULL,
    username text NOT NULL,
    domain character varying(255)
);
ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

CREATE TABLE public.preview_cards (
    id bigint NOT NULL,
    url character varying DEFAULT ''::character varying NOT NULL,
    title text,
    created_at timestamp without time zone NOT NULL DEFAULT '2024-05-01 00:00:00'
);
ALTER TABLE ONLY public.preview_cards ADD CONSTRAINT preview_cards_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX index_preview_cards_on_url ON public.preview_cards USING btree (url);

CREATE TABLE public.links (
    id bigint NOT NULL,
    "Href" text NOT NULL
);
ALTER TABLE ONLY public.links ADD CONSTRAINT links_pkey PRIMARY KEY (id);
CREATE INDEX "Links Href Idx" ON public.links USING btree ("Href");

CREATE TABLE public.statuses (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    uri character varying,
    in_reply_to_id bigint
);
ALTER TABLE ONLY public.statuses ADD CONSTRAINT statuses_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX index_statuses_on_uri ON public.statuses USING btree (uri);
ALTER TABLE ONLY public.statuses
    ADD CONSTRAINT fk_statuses_account FOREIGN KEY (account_id) REFERENCES public.accounts(id) ON DELETE CASCADE;

CREATE TABLE public.tags (
    id bigint NOT NULL,
    name character varying NOT NULL,
    display_name text
);
ALTER TABLE ONLY public.tags ADD CONSTRAINT tags_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.tags ADD CONSTRAINT tags_name_key UNIQUE (name);
CREATE UNIQUE INDEX index_tags_on_display_name ON public.tags USING btree (display_name) NULLS NOT DISTINCT;

CREATE TABLE public.follows (
    account_id bigint NOT NULL,
    target_account_id bigint NOT NULL,
    note text
);
ALTER TABLE ONLY public.follows ADD CONSTRAINT follows_pkey PRIMARY KEY (account_id, target_account_id);
ALTER TABLE ONLY public.follows
    ADD CONSTRAINT fk_follows_target FOREIGN KEY (target_account_id) REFERENCES public.accounts(id);

CREATE TABLE public.pairs (
    a integer NOT NULL,
    b integer NOT NULL
);
ALTER TABLE ONLY public.pairs ADD CONSTRAINT pairs_pkey PRIMARY KEY (a, b);
CREATE TABLE public.pair_refs (
    id integer NOT NULL,
    a integer,
    b integer
);
ALTER TABLE ONLY public.pair_refs
    ADD CONSTRAINT pair_refs_full_fkey FOREIGN KEY (a, b) REFERENCES public.pairs(a, b) MATCH FULL;
CREATE TABLE public.pair_refs_simple (
    id integer NOT NULL,
    a integer,
    b integer
);
ALTER TABLE ONLY public.pair_refs_simple
    ADD CONSTRAINT pair_refs_simple_fkey FOREIGN KEY (a, b) REFERENCES public.pairs(a, b);

-- integer keys: a bigint primary key and an integer UNIQUE column (pgdmp keeps canonical
-- integers in dedicated key stores, so these must be planted too)
CREATE TABLE public.ledger (
    id bigint NOT NULL,
    seq integer NOT NULL,
    note text
);
ALTER TABLE ONLY public.ledger ADD CONSTRAINT ledger_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.ledger ADD CONSTRAINT ledger_seq_key UNIQUE (seq);

CREATE TABLE public.blobs (
    id integer NOT NULL,
    digest bytea NOT NULL
);
CREATE UNIQUE INDEX blobs_digest_idx ON public.blobs USING btree (digest);

-- expression keys: lower() (case-insensitive uniqueness) and md5() (hash of long values)
CREATE TABLE public.users (
    id bigint NOT NULL,
    email character varying NOT NULL,
    bio text
);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX index_users_on_lower_email ON public.users USING btree (lower((email)::text));
CREATE INDEX index_users_on_lower_bio ON public.users USING btree (lower(bio));
CREATE UNIQUE INDEX index_links_on_md5_href ON public.links USING btree (md5("Href"));

CREATE MATERIALIZED VIEW public.instances AS
  SELECT domain, count(*) AS accounts_count FROM public.accounts GROUP BY domain;

-- clean data (present in both variants)
INSERT INTO public.accounts SELECT i, 'user' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'host' || (i % 5) || '.example' END
  FROM generate_series(1, 200) i;
INSERT INTO public.preview_cards (id, url, title)
  SELECT i, 'https://example.com/' || public.hexchain('card', 20 + (i * 37) % 2000), 'card ' || i
  FROM generate_series(1, 300) i;
-- long but compressible urls: indexed compressed, fine
INSERT INTO public.preview_cards (id, url, title)
  SELECT 1000 + i, 'https://example.com/' || i || '/' || repeat('path/segment/', 300 + i), 'long ' || i
  FROM generate_series(1, 5) i;
INSERT INTO public.links SELECT i, 'https://l.example/' || public.hexchain('link', (i * 53) % 2600) FROM generate_series(1, 100) i;
INSERT INTO public.statuses SELECT i, 1 + (i % 200), CASE WHEN i % 7 = 0 THEN NULL ELSE 'https://example.com/s/' || i END,
  CASE WHEN i % 4 = 0 THEN i - 1 END FROM generate_series(1, 1000) i;
INSERT INTO public.tags SELECT i, 'tag' || i, CASE WHEN i = 1 THEN NULL ELSE 'Tag' || i END FROM generate_series(1, 50) i;
INSERT INTO public.follows SELECT a, b, NULL FROM generate_series(1, 20) a, generate_series(1, 10) b WHERE a <> b;
INSERT INTO public.pairs SELECT a, b FROM generate_series(1, 5) a, generate_series(1, 5) b;
INSERT INTO public.pair_refs VALUES (1, 1, 1), (2, NULL, NULL), (3, 5, 5);
INSERT INTO public.pair_refs_simple VALUES (1, 1, 2), (2, NULL, 99), (3, 99, NULL);
INSERT INTO public.users SELECT i, CASE WHEN i % 2 = 0 THEN 'User' || i || '@Example.COM' ELSE 'user' || i || '@example.com' END,
  CASE WHEN i % 5 = 0 THEN NULL ELSE 'Bio ' || upper(public.hexchain('bio' || i, (i * 97) % 2000)) END FROM generate_series(1, 60) i;
-- non-ASCII values: under the C collation lower() changes only A-Z
INSERT INTO public.users VALUES (61, 'ÅSA@example.com', 'Ünïcode bio'), (62, 'åsa@example.com', NULL);
INSERT INTO public.ledger SELECT i * 1000 - 50000, i, 'entry ' || i FROM generate_series(1, 100) i;
INSERT INTO public.blobs SELECT i, decode(public.hexchain('blob', 64), 'hex') || int4send(i) FROM generate_series(1, 20) i;

\if :faults
-- 1. oversized incompressible urls under the unique url index (btree tuple > 2704)
UPDATE pg_index SET indisready = false WHERE indexrelid = 'public.index_preview_cards_on_url'::regclass;
\c
INSERT INTO public.preview_cards (id, url, title) VALUES
  (6375495, 'https://example.com/' || public.hexchain('big1', 2980), 'oversized 1'),
  (6629965, 'https://example.com/' || public.hexchain('big2', 2780), 'oversized 2');
UPDATE pg_index SET indisready = true WHERE indexrelid = 'public.index_preview_cards_on_url'::regclass;

-- 2. a link whose *compressed* key gives an index tuple of 2705..2712 bytes: legal on
--    PostgreSQL <= 11 (limit 2712), fails on 12+. The value is chosen here with the
--    server: hexchain prefix + compressible tail, first length whose stored
--    (pglz-compressed) datum has pg_column_size in 2697..2704.
CREATE TABLE public.probe (v text);
ALTER TABLE public.probe ALTER COLUMN v SET STORAGE MAIN;
DO $$
DECLARE k int; val text; sz int;
BEGIN
  FOR k IN 2300..2500 LOOP
    val := 'https://l.example/' || public.hexchain('mid', k) || repeat('/abc', 400);
    TRUNCATE public.probe;
    INSERT INTO public.probe VALUES (val);
    SELECT pg_column_size(v) INTO sz FROM public.probe;
    IF sz BETWEEN 2697 AND 2704 AND (SELECT pg_column_compression(v) FROM public.probe) = 'pglz' THEN
      RAISE NOTICE 'mid value: k=% size=%', k, sz;
      UPDATE pg_index SET indisready = false WHERE indexrelid = 'public."Links Href Idx"'::regclass;
      RETURN;
    END IF;
  END LOOP;
  RAISE EXCEPTION 'no mid value found';
END $$;
\c
DO $$
DECLARE k int; val text; sz int;
BEGIN
  FOR k IN 2300..2500 LOOP
    val := 'https://l.example/' || public.hexchain('mid', k) || repeat('/abc', 400);
    TRUNCATE public.probe;
    INSERT INTO public.probe VALUES (val);
    SELECT pg_column_size(v) INTO sz FROM public.probe;
    IF sz BETWEEN 2697 AND 2704 AND (SELECT pg_column_compression(v) FROM public.probe) = 'pglz' THEN
      INSERT INTO public.links VALUES (10406136, val);
      RETURN;
    END IF;
  END LOOP;
END $$;
UPDATE pg_index SET indisready = true WHERE indexrelid = 'public."Links Href Idx"'::regclass;
DROP TABLE public.probe;

-- 3. duplicate keys: under a unique index, a unique constraint, a primary key and a NULLS NOT DISTINCT index
UPDATE pg_index SET indisready = false WHERE indexrelid IN ('public.index_statuses_on_uri'::regclass,
  'public.tags_name_key'::regclass, 'public.follows_pkey'::regclass, 'public.index_tags_on_display_name'::regclass);
\c
INSERT INTO public.statuses VALUES (5001, 3, 'https://example.com/s/15', NULL), (5002, 4, NULL, NULL);
INSERT INTO public.tags VALUES (51, 'tag7', 'Other7'), (52, 'tag8', NULL);
INSERT INTO public.follows VALUES (3, 4, 'again');
UPDATE pg_index SET indisready = true WHERE indexrelid IN ('public.index_statuses_on_uri'::regclass,
  'public.tags_name_key'::regclass, 'public.follows_pkey'::regclass, 'public.index_tags_on_display_name'::regclass);

-- 3b. expression keys: case-insensitive duplicate emails under lower(email), and a bio whose
--     lowered value is too long (incompressible) for the lower(bio) index
UPDATE pg_index SET indisready = false WHERE indexrelid IN ('public.index_users_on_lower_email'::regclass,
  'public.index_users_on_lower_bio'::regclass);
\c
INSERT INTO public.users VALUES (63, 'USER7@example.com', NULL), (64, 'user8@example.com', NULL),
  (65, 'x@example.com', 'BIO ' || upper(public.hexchain('bigbio', 3100)));
UPDATE pg_index SET indisready = true WHERE indexrelid IN ('public.index_users_on_lower_email'::regclass,
  'public.index_users_on_lower_bio'::regclass);

-- 3c. duplicate integer keys: a repeated bigint primary key (a negative one) and a repeated UNIQUE integer
UPDATE pg_index SET indisready = false WHERE indexrelid IN ('public.ledger_pkey'::regclass,
  'public.ledger_seq_key'::regclass);
\c
INSERT INTO public.ledger VALUES (-7000, 500, 'duplicate id'), (777777, 42, 'duplicate seq');
UPDATE pg_index SET indisready = true WHERE indexrelid IN ('public.ledger_pkey'::regclass,
  'public.ledger_seq_key'::regclass);

-- 4. orphan foreign-key rows (RI triggers skipped)
SET session_replication_role = replica;
INSERT INTO public.statuses VALUES (9001, 4242, 'https://example.com/s/9001', NULL);
INSERT INTO public.follows VALUES (1, 777, 'orphan');
INSERT INTO public.pair_refs VALUES (4, 1, NULL);
INSERT INTO public.pair_refs_simple VALUES (4, 9, 9);
RESET session_replication_role;
\endif

REFRESH MATERIALIZED VIEW public.instances;
DROP FUNCTION public.hexchain(text, int);
