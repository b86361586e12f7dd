-- The benchmark database (bench/make-archive.sh); psql variable :scale multiplies row counts.
\set ON_ERROR_STOP 1
CREATE FUNCTION words(seed bigint, len bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
  SELECT substr('the quick brown fox jumps over the lazy dog while a small cat watches from the window '
      || 'today I learned that federated timelines are fun but moderation is hard and coffee helps '
      || 'new blog post about rust swift postgres and backups is up, please boost if you liked it '
      || 'just finished a long hike in the mountains, the weather was great and the view amazing '
      || 'reminder that the local meetup is on thursday evening, bring friends and snacks please '
      || 'does anyone know a good open source tool for reading database dumps without a server? '
      || 'photos from the conference: talks about compression, parallel decoding and file formats '
      || 'my cat knocked the plant off the shelf again, third time this week, send help and soil ',
      1 + (seed % 600)::int, len::int)
$f$;

BEGIN;
CREATE TABLE accounts (
  id bigint NOT NULL, username text NOT NULL, domain text, display_name text NOT NULL,
  note text NOT NULL, url text, avatar_file_name text, avatar_content_type text,
  header_file_name text, locked boolean NOT NULL, discoverable boolean,
  followers_count integer NOT NULL, following_count integer NOT NULL, statuses_count integer NOT NULL,
  created_at timestamp NOT NULL, updated_at timestamp NOT NULL, last_webfingered_at timestamp,
  uri text DEFAULT '' NOT NULL);
INSERT INTO accounts
SELECT i, 'user' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'social' || (i % 97) || '.example' END,
  initcap(words(i * 13, 8 + (i % 20))), words(i * 7, 40 + (i % 160)) || ' ' || md5(i::text),
  'https://social' || (i % 97) || '.example/@user' || i,
  CASE WHEN i % 4 = 0 THEN NULL ELSE md5('a' || i) || '.png' END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE 'image/png' END,
  CASE WHEN i % 5 = 0 THEN NULL ELSE md5('h' || i) || '.jpg' END,
  i % 11 = 0, CASE WHEN i % 7 = 0 THEN NULL ELSE i % 2 = 0 END,
  (i * 37) % 5000, (i * 17) % 800, (i * 53) % 20000,
  timestamp '2017-01-01' + (i || ' minutes')::interval, timestamp '2023-01-01' + (i || ' seconds')::interval,
  CASE WHEN i % 3 = 0 THEN NULL ELSE timestamp '2024-01-01' + (i || ' seconds')::interval END,
  CASE WHEN i % 3 = 0 THEN '' ELSE 'https://social' || (i % 97) || '.example/users/user' || i END
FROM generate_series(1, (200000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE statuses (
  id bigint NOT NULL, uri text, text text NOT NULL, created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL, in_reply_to_id bigint, reblog_of_id bigint, url text,
  sensitive boolean NOT NULL, visibility integer NOT NULL, spoiler_text text NOT NULL,
  reply boolean NOT NULL, language text, conversation_id bigint, local boolean,
  account_id bigint NOT NULL, application_id bigint, in_reply_to_account_id bigint,
  poll_id bigint, deleted_at timestamp, edited_at timestamp, trendable boolean);
INSERT INTO statuses
SELECT 109000000000000000 + i * 1000,
  'https://social' || (i % 97) || '.example/users/user' || (i % 200000) || '/statuses/' || (109000000000000000 + i * 1000),
  CASE WHEN i % 10 = 0 THEN ''  -- reblogs have no text
       ELSE '<p>' || words(i * 31, 10 + ((i * 7919) % 240)) || ' '
            || translate(md5(i::text) || md5('x' || i), '0123456789abcdef', 'etaoin shrdlucmw') || ' '
            || CASE WHEN i % 3 = 0 THEN translate(md5('y' || i), '0123456789abcdef', 'nsr eatoilhdcumf') || ' ' ELSE '' END
            || '<a href="https://social' || (i % 97) || '.example/tags/tag' || (i % 1000) || '">#tag' || (i % 1000)
            || '</a></p>' END,
  timestamp '2022-11-01' + (i * 3 || ' seconds')::interval,
  timestamp '2022-11-01' + (i * 3 + (i % 50) || ' seconds')::interval,
  CASE WHEN i % 4 = 0 THEN 109000000000000000 + (i / 2) * 1000 END,
  CASE WHEN i % 10 = 0 THEN 109000000000000000 + (i / 3) * 1000 END,
  CASE WHEN i % 2 = 0 THEN 'https://social' || (i % 97) || '.example/@user' || (i % 200000) || '/' || i END,
  i % 29 = 0, i % 4, CASE WHEN i % 29 = 0 THEN 'cw: ' || words(i, 15) ELSE '' END,
  i % 4 = 0, (ARRAY['en','de','fr','ja','es',NULL])[1 + i % 6], i / 5, i % 2 = 1,
  1 + (i * 7) % 200000, CASE WHEN i % 2 = 1 THEN 1 + i % 30 END,
  CASE WHEN i % 4 = 0 THEN 1 + (i * 3) % 200000 END,
  CASE WHEN i % 211 = 0 THEN i / 211 END, NULL,
  CASE WHEN i % 53 = 0 THEN timestamp '2023-01-01' + (i || ' seconds')::interval END,
  CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 <> 0 END
FROM generate_series(1, (2000000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE preview_cards (
  id bigint NOT NULL, url text NOT NULL, title text NOT NULL, description text NOT NULL,
  image_file_name text, image_content_type text, image_file_size integer, type integer NOT NULL,
  html text NOT NULL, author_name text NOT NULL, author_url text NOT NULL, provider_name text NOT NULL,
  provider_url text NOT NULL, width integer NOT NULL, height integer NOT NULL,
  created_at timestamp NOT NULL, updated_at timestamp NOT NULL, embed_url text NOT NULL,
  blurhash text, language text, max_score double precision, link_type integer);
INSERT INTO preview_cards
SELECT i, 'https://news' || (i % 500) || '.example/' || extract(year from timestamp '2020-01-01' + (i || ' hours')::interval)
          || '/articles/' || md5('u' || i) || '?utm_source=mastodon&ref=' || (i % 77),
  initcap(words(i * 11, 30 + (i % 60))), words(i * 5, 80 + (i % 300)),
  CASE WHEN i % 3 = 0 THEN NULL ELSE md5('p' || i) || '.jpg' END,
  CASE WHEN i % 3 = 0 THEN NULL ELSE 'image/jpeg' END, CASE WHEN i % 3 = 0 THEN NULL ELSE 10000 + (i * 97) % 400000 END,
  i % 3, CASE WHEN i % 17 = 0 THEN '<iframe src="https://video.example/embed/' || md5(i::text) || '"></iframe>' ELSE '' END,
  CASE WHEN i % 2 = 0 THEN 'Author ' || (i % 3000) ELSE '' END,
  CASE WHEN i % 2 = 0 THEN 'https://news' || (i % 500) || '.example/authors/' || (i % 3000) ELSE '' END,
  'News ' || (i % 500), 'https://news' || (i % 500) || '.example/', 400 + i % 800, 200 + i % 600,
  timestamp '2020-01-01' + (i || ' hours')::interval, timestamp '2021-01-01' + (i || ' minutes')::interval,
  '', CASE WHEN i % 3 = 0 THEN NULL ELSE substr(md5('b' || i) || md5('c' || i), 1, 28) END,
  (ARRAY['en','de','fr',NULL])[1 + i % 4], CASE WHEN i % 9 = 0 THEN (i % 1000) / 7.0 END, i % 2
FROM generate_series(1, (300000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE media_attachments (
  id bigint NOT NULL, status_id bigint, file_file_name text, file_content_type text,
  file_file_size integer, file_updated_at timestamp, remote_url text NOT NULL,
  created_at timestamp NOT NULL, updated_at timestamp NOT NULL, shortcode text,
  type integer NOT NULL, file_meta json, account_id bigint, description text,
  scheduled_status_id bigint, blurhash text, processing integer, file_storage_schema_version integer,
  thumbnail_file_name text, thumbnail_content_type text, thumbnail_file_size integer, thumbnail_remote_url text);
INSERT INTO media_attachments
SELECT i, 109000000000000000 + (i * 3) * 1000, md5('m' || i) || '.jpeg', 'image/jpeg', 20000 + (i * 7919) % 2000000,
  timestamp '2022-11-01' + (i * 9 || ' seconds')::interval,
  CASE WHEN i % 2 = 0 THEN 'https://files.social' || (i % 97) || '.example/media_attachments/files/'
       || substr(md5('r' || i), 1, 3) || '/' || substr(md5('r' || i), 4, 3) || '/' || md5('r' || i) || '/original/' || md5('m' || i) || '.jpeg'
       ELSE '' END,
  timestamp '2022-11-01' + (i * 9 || ' seconds')::interval, timestamp '2022-11-01' + (i * 9 + 5 || ' seconds')::interval,
  CASE WHEN i % 2 = 1 THEN substr(md5('s' || i), 1, 20) END, i % 4,
  ('{"original":{"width":' || (640 + i % 1280) || ',"height":' || (480 + i % 720) || ',"size":"' || (640 + i % 1280) || 'x' || (480 + i % 720)
     || '","aspect":' || round(((640 + i % 1280)::numeric / (480 + i % 720)), 6) || '},"small":{"width":400,"height":'
     || (300 + i % 200) || ',"size":"400x' || (300 + i % 200) || '","aspect":1.333333},"focus":{"x":0.0,"y":0.0}}')::json,
  1 + (i * 7) % 200000, CASE WHEN i % 3 = 0 THEN 'alt text: ' || words(i * 3, 30 + i % 200) END,
  NULL, substr(md5('b' || i) || md5('z' || i), 1, 36), 2, 1,
  NULL, NULL, NULL, ''
FROM generate_series(1, (600000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE favourites (id bigint NOT NULL, created_at timestamp NOT NULL, updated_at timestamp NOT NULL,
  account_id bigint NOT NULL, status_id bigint NOT NULL);
INSERT INTO favourites
SELECT i, timestamp '2022-11-01' + (i * 2 || ' seconds')::interval, timestamp '2022-11-01' + (i * 2 || ' seconds')::interval,
  1 + (i * 13) % 200000, 109000000000000000 + (1 + (i * 7) % 2000000) * 1000
FROM generate_series(1, (1500000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE follows (id bigint NOT NULL, created_at timestamp NOT NULL, updated_at timestamp NOT NULL,
  account_id bigint NOT NULL, target_account_id bigint NOT NULL, show_reblogs boolean NOT NULL,
  uri text, notify boolean NOT NULL, languages character varying[]);
INSERT INTO follows
SELECT i, timestamp '2019-01-01' + (i * 60 || ' seconds')::interval, timestamp '2019-01-01' + (i * 60 || ' seconds')::interval,
  1 + (i * 11) % 200000, 1 + (i * 17 + i / 200000) % 200000, i % 9 <> 0,
  'https://social' || (i % 97) || '.example/' || md5('f' || i), i % 13 = 0,
  CASE WHEN i % 20 = 0 THEN ARRAY['en','de']::varchar[] END
FROM generate_series(1, (500000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE notifications (id bigint NOT NULL, activity_id bigint NOT NULL, activity_type character varying NOT NULL,
  created_at timestamp NOT NULL, updated_at timestamp NOT NULL, account_id bigint NOT NULL,
  from_account_id bigint NOT NULL, type character varying);
INSERT INTO notifications
SELECT i, i * 3, (ARRAY['Status','Favourite','Follow','Mention'])[1 + i % 4],
  timestamp '2022-11-01' + (i * 5 || ' seconds')::interval, timestamp '2022-11-01' + (i * 5 || ' seconds')::interval,
  1 + (i * 7) % 200000, 1 + (i * 19) % 200000, (ARRAY['reblog','favourite','follow','mention'])[1 + i % 4]
FROM generate_series(1, (1000000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE tags (id bigint NOT NULL, name text NOT NULL, created_at timestamp NOT NULL, updated_at timestamp NOT NULL,
  usable boolean, trendable boolean, listable boolean, last_status_at timestamp, display_name text);
INSERT INTO tags
SELECT i, 'tag' || i, timestamp '2018-01-01' + (i || ' hours')::interval, timestamp '2023-01-01' + (i || ' minutes')::interval,
  i % 10 <> 0, CASE WHEN i % 3 = 0 THEN NULL ELSE true END, NULL, timestamp '2024-01-01' + (i || ' minutes')::interval,
  CASE WHEN i % 5 = 0 THEN 'Tag' || i END
FROM generate_series(1, (50000 * :scale)::bigint) i;
COMMIT;

BEGIN;
CREATE TABLE statuses_tags (status_id bigint NOT NULL, tag_id bigint NOT NULL);
INSERT INTO statuses_tags
SELECT 109000000000000000 + i * 1000, 1 + i % 1000 FROM generate_series(1, (2000000 * :scale)::bigint, 2) i;
COMMIT;

BEGIN;
CREATE TABLE settings (id bigint NOT NULL, var character varying NOT NULL, value text, thing_type character varying,
  created_at timestamp, updated_at timestamp, thing_id bigint);
INSERT INTO settings
SELECT i, (ARRAY['theme','default_language','notification_emails','interactions'])[1 + i % 4],
  E'--- ' || md5(i::text) || E'\n', 'User', now(), now(), i
FROM generate_series(1, (20000 * :scale)::bigint) i;
COMMIT;

ALTER TABLE accounts ADD PRIMARY KEY (id);
ALTER TABLE statuses ADD PRIMARY KEY (id);
ALTER TABLE preview_cards ADD PRIMARY KEY (id);
ALTER TABLE media_attachments ADD PRIMARY KEY (id);
ALTER TABLE favourites ADD PRIMARY KEY (id);
ALTER TABLE follows ADD PRIMARY KEY (id);
ALTER TABLE notifications ADD PRIMARY KEY (id);
ALTER TABLE tags ADD PRIMARY KEY (id);
ALTER TABLE settings ADD PRIMARY KEY (id);
CREATE INDEX index_statuses_on_account_id_id ON statuses (account_id, id DESC);
CREATE INDEX index_statuses_tags_on_tag_id ON statuses_tags (tag_id);
-- Mastodon's unique indexes (db/schema.rb): partial, expression and composite keys, the shapes
-- `pgdmp check` must evaluate on every row.
CREATE UNIQUE INDEX index_statuses_on_uri ON statuses USING btree (uri text_pattern_ops) WHERE (uri IS NOT NULL);
CREATE UNIQUE INDEX index_accounts_on_username_and_domain_lower ON accounts
  USING btree (lower(username), COALESCE(lower(domain), ''));
CREATE INDEX index_accounts_on_uri ON accounts USING btree (uri);
CREATE INDEX index_accounts_on_url ON accounts USING btree (url text_pattern_ops) WHERE (url IS NOT NULL);
CREATE UNIQUE INDEX index_media_attachments_on_shortcode ON media_attachments
  USING btree (shortcode text_pattern_ops) WHERE (shortcode IS NOT NULL);
CREATE UNIQUE INDEX index_preview_cards_on_url ON preview_cards USING btree (url);
CREATE UNIQUE INDEX index_favourites_on_account_id_and_status_id ON favourites USING btree (account_id, status_id);
CREATE UNIQUE INDEX index_follows_on_account_id_and_target_account_id ON follows USING btree (account_id, target_account_id);
CREATE UNIQUE INDEX index_tags_on_name_lower_btree ON tags USING btree (lower(name) text_pattern_ops);
CREATE UNIQUE INDEX index_statuses_tags_on_tag_id_and_status_id ON statuses_tags USING btree (tag_id, status_id);
-- the foreign-key network
ALTER TABLE statuses ADD CONSTRAINT fk_9bda1543f7 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE statuses ADD CONSTRAINT fk_rails_94a6f70399 FOREIGN KEY (in_reply_to_id) REFERENCES statuses(id) ON DELETE SET NULL;
ALTER TABLE statuses ADD CONSTRAINT fk_rails_256483a9ab FOREIGN KEY (reblog_of_id) REFERENCES statuses(id) ON DELETE CASCADE;
ALTER TABLE favourites ADD CONSTRAINT fk_5eb6c2b873 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE favourites ADD CONSTRAINT fk_b0e856845e FOREIGN KEY (status_id) REFERENCES statuses(id) ON DELETE CASCADE;
ALTER TABLE follows ADD CONSTRAINT fk_32ed1b5560 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE follows ADD CONSTRAINT fk_745ca29eac FOREIGN KEY (target_account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE media_attachments ADD CONSTRAINT fk_96dd81e81b FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE SET NULL;
ALTER TABLE media_attachments ADD CONSTRAINT fk_11bc5f3e32 FOREIGN KEY (status_id) REFERENCES statuses(id) ON DELETE SET NULL;
ALTER TABLE notifications ADD CONSTRAINT fk_c141c8ee55 FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE notifications ADD CONSTRAINT fk_fbd6b0bf9e FOREIGN KEY (from_account_id) REFERENCES accounts(id) ON DELETE CASCADE;
ALTER TABLE statuses_tags ADD CONSTRAINT fk_3081861e21 FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE;
ALTER TABLE statuses_tags ADD CONSTRAINT fk_rails_df0fe11427 FOREIGN KEY (status_id) REFERENCES statuses(id) ON DELETE CASCADE;
DROP FUNCTION words(bigint, bigint);
