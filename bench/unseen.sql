-- A second benchmark database (bench/make-archive.sh with BENCH_SQL=bench/unseen.sql, run by
-- `make bench-unseen`): Mastodon-shaped like bench/mastodon.sql, but written separately and
-- never used to tune pgdmp. Text comes from random() (seeded, so rebuilds are identical) and
-- mixes multi-byte UTF-8 (accents, CJK, emoji), longer and shorter rows, more NULLs and wider
-- numeric columns. psql variable :scale multiplies row counts.
\set ON_ERROR_STOP 1
SELECT setseed(0.20261126);

-- A random sentence of roughly n words drawn from a multilingual vocabulary.
CREATE FUNCTION sentence(n int) RETURNS text LANGUAGE sql VOLATILE AS $f$
  SELECT string_agg((ARRAY['fediverse','café','Straße','naïve','東京','ありがとう','🐘','🎉','Postgres',
      'backup','restore','timeline','moderation','instance','relay','toot','boost','content warning',
      'über','señor','øl','Zürich','Kraków','münchen','日本語','中文','한국어','emoji 😀','weekend',
      'coffee','hiking','photo','release','server','migration','index','vacuum','WAL','replica',
      'the','a','and','of','to','in','is','it','that','for','on','with','as','at','by'])
      [1 + floor(random() * 55)::int], ' ')
  FROM generate_series(1, greatest(1, n))
$f$;

BEGIN;
CREATE TABLE accounts (
  id bigint NOT NULL, username varchar(64) NOT NULL, domain varchar(255), display_name text,
  note text, uri text NOT NULL, fields jsonb, suspended_at timestamptz, silenced_at timestamptz,
  memorial boolean DEFAULT false NOT NULL, actor_type varchar, created_at timestamptz NOT NULL);
INSERT INTO accounts
SELECT i, 'u_' || to_hex(i * 2654435761 % 4294967296),
  CASE WHEN random() < 0.4 THEN NULL ELSE 'node' || floor(random() * 400)::int || '.test' END,
  CASE WHEN random() < 0.1 THEN NULL ELSE sentence(1 + floor(random() * 4)::int) END,
  sentence(floor(random() * 60)::int),
  'https://node' || (i % 400) || '.test/users/u_' || i,
  CASE WHEN random() < 0.3 THEN jsonb_build_array(jsonb_build_object('name', 'web', 'value', 'https://blog' || i || '.test')) END,
  CASE WHEN random() < 0.01 THEN timestamptz '2023-05-01' + random() * interval '300 days' END,
  NULL, false, (ARRAY['Person','Service','Group'])[1 + floor(random() * 3)::int],
  timestamptz '2016-11-01' + random() * interval '2900 days'
FROM generate_series(1, (150000 * :scale)::bigint) i;
COMMIT;

BEGIN;
-- The dominant table, about 60 % of the data.
CREATE TABLE statuses (
  id bigint NOT NULL, account_id bigint NOT NULL, uri varchar, url varchar, text text DEFAULT '' NOT NULL,
  spoiler_text text DEFAULT '' NOT NULL, language varchar(8), visibility smallint NOT NULL,
  in_reply_to_id bigint, reblog_of_id bigint, favourites_count integer NOT NULL, reblogs_count integer NOT NULL,
  sensitive boolean NOT NULL, poll_options text[], created_at timestamptz NOT NULL, edited_at timestamptz);
INSERT INTO statuses
SELECT 110000000000000000 + i * 65536 + floor(random() * 65536)::bigint,
  1 + floor(random() * 150000)::bigint,
  'https://node' || (i % 400) || '.test/objects/' || md5(random()::text),
  CASE WHEN random() < 0.5 THEN 'https://node' || (i % 400) || '.test/@u/' || i END,
  CASE WHEN random() < 0.15 THEN ''
       ELSE '<p>' || sentence(5 + floor(random() * random() * 120)::int) || '</p>'
            || CASE WHEN random() < 0.2 THEN E'\n<p>' || sentence(10) || '</p>' ELSE '' END
            || CASE WHEN random() < 0.05 THEN E'\ttab\\backslash' ELSE '' END END,
  CASE WHEN random() < 0.04 THEN sentence(3) ELSE '' END,
  (ARRAY['en','de','ja','fr','ko','zh', NULL])[1 + floor(random() * 7)::int],
  floor(random() * 4)::smallint,
  CASE WHEN random() < 0.3 THEN 110000000000000000 + floor(random() * i) * 65536 END,
  CASE WHEN random() < 0.15 THEN 110000000000000000 + floor(random() * i) * 65536 END,
  floor(random() * random() * 500)::int, floor(random() * random() * 200)::int,
  random() < 0.03,
  CASE WHEN random() < 0.01 THEN ARRAY[sentence(2), sentence(2), sentence(1)] END,
  timestamptz '2022-11-01 00:00:00+00' + i * interval '1.7 seconds',
  CASE WHEN random() < 0.02 THEN timestamptz '2023-01-01' + random() * interval '400 days' END
FROM generate_series(1, (1800000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE conversations (id bigint NOT NULL, uri varchar, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
INSERT INTO conversations
SELECT i, CASE WHEN random() < 0.6 THEN 'tag:node' || (i % 400) || '.test,2023:objectId=' || i || ':objectType=Conversation' END,
  timestamptz '2022-11-01' + random() * interval '700 days', timestamptz '2022-11-01' + random() * interval '700 days'
FROM generate_series(1, (900000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE mentions (id bigint NOT NULL, status_id bigint, account_id bigint, silent boolean NOT NULL,
  created_at timestamptz NOT NULL);
INSERT INTO mentions
SELECT i, 110000000000000000 + floor(random() * 1800000 * :scale) * 65536, 1 + floor(random() * 150000)::bigint,
  random() < 0.01, timestamptz '2022-11-01' + random() * interval '700 days'
FROM generate_series(1, (1200000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE status_stats (id bigint NOT NULL, status_id bigint NOT NULL, replies_count bigint NOT NULL,
  reblogs_count bigint NOT NULL, favourites_count bigint NOT NULL, untrusted numeric(20, 6));
INSERT INTO status_stats
SELECT i, 110000000000000000 + i * 65536, floor(random() * 40)::bigint, floor(random() * 90)::bigint,
  floor(random() * 900)::bigint, CASE WHEN random() < 0.5 THEN round((random() * 1e6)::numeric, 6) END
FROM generate_series(1, (1000000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE web_push_subscriptions (id bigint NOT NULL, endpoint varchar NOT NULL, key_p256dh varchar NOT NULL,
  key_auth varchar NOT NULL, data json, created_at timestamptz NOT NULL, user_id bigint);
INSERT INTO web_push_subscriptions
SELECT i, 'https://push.example.net/wpush/v2/' || encode(sha256(i::text::bytea), 'base64'),
  encode(sha256(('p' || i)::bytea), 'hex') || encode(sha256(('q' || i)::bytea), 'hex'),
  substr(md5(random()::text), 1, 22),
  ('{"alerts":{"follow":' || (random() < 0.5) || ',"favourite":' || (random() < 0.5) || ',"mention":true},"policy":"all"}')::json,
  timestamptz '2021-01-01' + random() * interval '1000 days', i
FROM generate_series(1, (120000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE blocks (id bigint NOT NULL, account_id bigint NOT NULL, target_account_id bigint NOT NULL,
  uri varchar, created_at timestamptz NOT NULL);
INSERT INTO blocks
SELECT i, 1 + floor(random() * 150000)::bigint, 1 + floor(random() * 150000)::bigint,
  CASE WHEN random() < 0.7 THEN 'https://node' || (i % 400) || '.test/' || gen_random_uuid() END,
  timestamptz '2019-01-01' + random() * interval '1500 days'
FROM generate_series(1, (80000 * :scale)::bigint) i;
COMMIT;

ALTER TABLE accounts ADD PRIMARY KEY (id);
ALTER TABLE statuses ADD PRIMARY KEY (id);
ALTER TABLE conversations ADD PRIMARY KEY (id);
ALTER TABLE mentions ADD PRIMARY KEY (id);
ALTER TABLE status_stats ADD PRIMARY KEY (id);
ALTER TABLE web_push_subscriptions ADD PRIMARY KEY (id);
ALTER TABLE blocks ADD PRIMARY KEY (id);
CREATE INDEX index_statuses_on_account_id ON statuses (account_id, id DESC);
CREATE INDEX index_mentions_on_status_id ON mentions (status_id);

-- Planted faults, the way Fixtures/sql/faults.sql plants them on a real server, so `check` and
-- `report` have something to find on an archive they were never tuned on (a restore of it fails
-- on exactly these):
--   * Mastodon's unique partial indexes on statuses.uri and conversations.uri are made not-ready
--     (a superuser catalog update) while statuses with incompressible uris too long for a btree
--     tuple, and conversations that repeat an existing uri, go in; then they are made ready
--     again, so pg_dump writes both the rows and the indexes;
--   * statuses and mentions get Mastodon's foreign keys to accounts, and rows whose account does
--     not exist go in under session_replication_role = replica (which skips the RI triggers).
CREATE UNIQUE INDEX index_statuses_on_uri ON statuses USING btree (uri text_pattern_ops) WHERE (uri IS NOT NULL);
CREATE UNIQUE INDEX index_conversations_on_uri ON conversations USING btree (uri text_pattern_ops)
  WHERE (uri IS NOT NULL);
UPDATE pg_index SET indisready = false
  WHERE indexrelid IN ('index_statuses_on_uri'::regclass, 'index_conversations_on_uri'::regclass);
\c
INSERT INTO statuses (id, account_id, uri, visibility, favourites_count, reblogs_count, sensitive, created_at)
SELECT 120000000000000100 + k, 1 + k,
  'https://node7.test/objects/' || (SELECT string_agg(md5(k || ':' || j), '' ORDER BY j) FROM generate_series(1, 90 + k) j),
  0, 0, 0, false, timestamptz '2024-01-03' + k * interval '1 minute'
FROM generate_series(1, 3) k;
INSERT INTO conversations
SELECT 900000100 + id, uri, created_at, updated_at FROM conversations
  WHERE id IN (SELECT id FROM conversations WHERE uri IS NOT NULL ORDER BY id LIMIT 2);
UPDATE pg_index SET indisready = true
  WHERE indexrelid IN ('index_statuses_on_uri'::regclass, 'index_conversations_on_uri'::regclass);
\c
-- (at small scales fewer accounts exist than the generators draw from: fold those ids onto them)
UPDATE statuses SET account_id = 1 + account_id % (SELECT count(*) FROM accounts)
  WHERE account_id > (SELECT max(id) FROM accounts);
UPDATE mentions SET account_id = 1 + account_id % (SELECT count(*) FROM accounts)
  WHERE account_id > (SELECT max(id) FROM accounts);
ALTER TABLE statuses ADD CONSTRAINT fk_9bda1543f7 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE mentions ADD CONSTRAINT fk_970d43f9d1 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
SET session_replication_role = replica;
INSERT INTO mentions
SELECT 5000000 + k, NULL, 9000000 + k, false, timestamptz '2024-01-01' FROM generate_series(1, 4) k;
INSERT INTO statuses (id, account_id, visibility, favourites_count, reblogs_count, sensitive, created_at)
SELECT 120000000000000000 + k, 8000000 + k, 0, 0, 0, false, timestamptz '2024-01-02' FROM generate_series(1, 2) k;
RESET session_replication_role;
DROP FUNCTION sentence(int);
