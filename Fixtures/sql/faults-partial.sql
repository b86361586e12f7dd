-- Partial and expression unique indexes for `pgdmp check` fixtures (see generate-faults-partial.sh).
-- Mastodon's shapes (db/schema.rb) plus a few more expressions. Every index below is made
-- not-ready (pg_index.indisready = false, a superuser catalog update) while the rows go in, then
-- ready again: the data and the index definitions are dumped although the index does not hold the
-- rows, so the restore builds each index over exactly these rows. Which ones fail is what the real
-- pg_restore says (restore-errors.txt); nothing here states it.

CREATE TABLE public.accounts (
    id bigint NOT NULL,
    username character varying DEFAULT ''::character varying NOT NULL,
    domain character varying,
    uri character varying DEFAULT ''::character varying NOT NULL,
    url character varying
);
ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
-- Mastodon: index_accounts_on_username_and_domain_lower
CREATE UNIQUE INDEX index_accounts_on_username_and_domain_lower ON public.accounts
    USING btree (lower((username)::text), COALESCE(lower((domain)::text), ''::text));
CREATE INDEX index_accounts_on_uri ON public.accounts USING btree (uri);
CREATE INDEX index_accounts_on_url ON public.accounts USING btree (url text_pattern_ops) WHERE (url IS NOT NULL);

CREATE TABLE public.statuses (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    uri character varying,
    visibility integer DEFAULT 0 NOT NULL,
    local boolean,
    created_at timestamp without time zone NOT NULL
);
ALTER TABLE ONLY public.statuses ADD CONSTRAINT statuses_pkey PRIMARY KEY (id);
-- Mastodon: index_statuses_on_uri, partial, text_pattern_ops
CREATE UNIQUE INDEX index_statuses_on_uri ON public.statuses USING btree (uri text_pattern_ops) WHERE (uri IS NOT NULL);
-- excluded duplicates: the repeated (account_id) rows are all visibility 3 or not local
CREATE UNIQUE INDEX index_statuses_one_public_local ON public.statuses USING btree (account_id)
    WHERE ((visibility = ANY (ARRAY[0, 1])) AND local AND (created_at >= '2024-01-01 00:00:00'::timestamp without time zone));

CREATE TABLE public.media_attachments (
    id bigint NOT NULL,
    status_id bigint,
    shortcode character varying,
    file_file_size integer
);
ALTER TABLE ONLY public.media_attachments ADD CONSTRAINT media_attachments_pkey PRIMARY KEY (id);
-- Mastodon: index_media_attachments_on_shortcode; only NULL shortcodes repeat
CREATE UNIQUE INDEX index_media_attachments_on_shortcode ON public.media_attachments
    USING btree (shortcode text_pattern_ops) WHERE (shortcode IS NOT NULL);

CREATE TABLE public.follows (
    id bigint NOT NULL,
    account_id bigint,
    target_account_id bigint,
    show_reblogs boolean DEFAULT true NOT NULL
);
ALTER TABLE ONLY public.follows ADD CONSTRAINT follows_pkey PRIMARY KEY (id);
-- composite unique key with NULLs (NULLs are distinct: repeated (1, NULL) is fine)
CREATE UNIQUE INDEX index_follows_on_account_id_and_target_account_id ON public.follows
    USING btree (account_id, target_account_id);

CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    status text NOT NULL,
    amount numeric(10,2) NOT NULL,
    archived boolean DEFAULT false NOT NULL,
    ref text,
    created_at timestamp without time zone NOT NULL
);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
-- fails: customer 5 has an open and a pending order
CREATE UNIQUE INDEX orders_one_open_per_customer ON public.orders USING btree (customer_id)
    WHERE (status IN ('open', 'pending'));
-- excluded: repeated refs are all archived, old or small
CREATE UNIQUE INDEX orders_recent_ref ON public.orders USING btree (ref)
    WHERE ((created_at >= '2024-01-01') AND (amount > 10.5) AND (NOT archived) AND (ref <> ''));

CREATE TABLE public.users (
    id bigint NOT NULL,
    email text,
    code text,
    region text,
    nick text,
    body text
);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX users_email_trimmed ON public.users USING btree (lower(btrim(email)));
CREATE UNIQUE INDEX users_code_region ON public.users USING btree (((left(code, 3) || '-') || upper(region)));
CREATE UNIQUE INDEX users_nick ON public.users USING btree (NULLIF(nick, ''));
CREATE UNIQUE INDEX users_body_md5 ON public.users USING btree (md5(body)) WHERE (length(body) > 5);
CREATE UNIQUE INDEX users_body_tail ON public.users USING btree (reverse(substr(body, 2, 4)), (length(rtrim(body, 'x'))));
-- not evaluated by pgdmp (no duplicates): listed under "Not checked"
CREATE UNIQUE INDEX users_body_split ON public.users USING btree (split_part(body, '-', 1)) WHERE (id > 1000);

UPDATE pg_index SET indisready = false
 WHERE indrelid IN ('public.accounts'::regclass, 'public.statuses'::regclass, 'public.media_attachments'::regclass,
                    'public.follows'::regclass, 'public.orders'::regclass, 'public.users'::regclass)
   AND NOT indisprimary;

INSERT INTO public.accounts (id, username, domain, uri, url) VALUES
  (1, 'alice', NULL, '', NULL),
  (2, 'bob', 'example.org', 'https://example.org/users/bob', 'https://example.org/@bob'),
  (3, 'Alice', NULL, '', NULL),                                   -- case-only duplicate of 1
  (4, 'bob', 'Example.ORG', 'https://example.org/users/bob2', NULL), -- case-only duplicate of 2 (domain)
  (5, 'åsa', 'x.test', 'https://x.test/users/asa', NULL),
  (6, 'ÅSA', 'x.test', 'https://x.test/users/ASA', NULL),          -- duplicate under C.UTF-8's towlower
  (7, 'carol', '', '', NULL),                                     -- '' domain: same key as NULL domain
  (8, 'carol', NULL, '', NULL),
  (9, 'dave', 'a.test', 'https://a.test/dave', NULL),
  (10, 'dave', 'b.test', 'https://b.test/dave', NULL);

INSERT INTO public.statuses (id, account_id, uri, visibility, local, created_at)
SELECT i, 1 + i % 7, 'https://example.org/statuses/' || i, i % 4, i % 2 = 0,
       '2023-12-30 00:00:00'::timestamp + i * interval '1 hour'
FROM generate_series(1, 200) i;
INSERT INTO public.statuses (id, account_id, uri, visibility, local, created_at) VALUES
  (1001, 9, NULL, 0, true, '2024-03-01 00:00:00'),
  (1002, 9, NULL, 3, true, '2024-03-01 00:00:00'),                 -- excluded: visibility 3
  (1003, 9, NULL, 0, false, '2024-03-01 00:00:00'),                -- excluded: not local
  (1004, 9, NULL, 1, NULL, '2024-03-02 00:00:00'),                 -- excluded: local NULL
  (1005, 9, NULL, 0, true, '2023-12-31 23:59:59.5'),               -- excluded: before 2024
  (1006, 9, 'https://example.org/statuses/17', 2, true, '2024-03-01 00:00:00'); -- duplicate uri of 17

INSERT INTO public.media_attachments (id, status_id, shortcode, file_file_size)
SELECT i, i, CASE WHEN i % 5 = 0 THEN NULL ELSE 'sc' || i END, i * 100 FROM generate_series(1, 50) i;

INSERT INTO public.follows (id, account_id, target_account_id) VALUES
  (1, 1, 2), (2, 2, 1), (3, 1, NULL), (4, 1, NULL), (5, NULL, NULL), (6, NULL, NULL), (7, 3, 4), (8, 4, 3);

INSERT INTO public.orders (id, customer_id, status, amount, archived, ref, created_at) VALUES
  (1, 5, 'open', 20.00, false, 'R-1', '2024-02-01 10:00:00'),
  (2, 5, 'pending', 20.00, false, 'R-2', '2024-02-01 11:00:00'),   -- second open order of customer 5
  (3, 5, 'closed', 20.00, false, 'R-3', '2024-02-01 12:00:00'),
  (4, 6, 'open', 20.00, false, 'R-4', '2024-02-01 12:00:00'),
  (5, 6, 'closed', 5.00, false, 'R-4', '2024-02-01 12:00:00'),     -- same ref, amount 5.00 excluded
  (6, 7, 'closed', 99.99, true, 'R-4', '2024-02-01 12:00:00'),     -- same ref, archived
  (7, 8, 'closed', 10.50, false, 'R-4', '2024-02-01 12:00:00'),    -- same ref, amount not > 10.5
  (8, 9, 'closed', 50.00, false, 'R-4', '2023-12-31 23:59:59'),    -- same ref, too old
  (9, 10, 'closed', 50.00, false, '', '2024-05-01 00:00:00'),
  (10, 11, 'closed', 50.00, false, '', '2024-05-01 00:00:00'),     -- '' excluded
  (11, 12, 'closed', 50.00, false, NULL, '2024-05-01 00:00:00'),
  (12, 13, 'closed', 50.00, false, NULL, '2024-05-01 00:00:00');

INSERT INTO public.users (id, email, code, region, nick, body) VALUES
  (1, ' Bob@Example.org', 'abcdef', 'eu', '', 'hello-world'),
  (2, 'bob@example.org  ', 'abcxyz', 'us', '', 'hi'),
  (3, 'carol@example.org', 'abc', 'EU', 'cc', 'hi'),                -- abc-EU repeats user 1's key
  (4, NULL, NULL, 'eu', NULL, 'yo'),
  (5, NULL, 'zz', NULL, 'dd', 'xhellxx'),
  (6, 'dan@example.org', 'q', 'ñ', 'dd', 'ahellxxxx');             -- NULLIF('dd','') repeats; body tail repeats 5's

UPDATE pg_index SET indisready = true
 WHERE indrelid IN ('public.accounts'::regclass, 'public.statuses'::regclass, 'public.media_attachments'::regclass,
                    'public.follows'::regclass, 'public.orders'::regclass, 'public.users'::regclass);
