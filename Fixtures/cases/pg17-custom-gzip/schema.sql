--
-- PostgreSQL database dump
--

\restrict pgdmpFixtureKey

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 17.11

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: Mixed Case; Type: SCHEMA; Schema: -; Owner: bob
--

CREATE SCHEMA "Mixed Case";


ALTER SCHEMA "Mixed Case" OWNER TO bob;

--
-- Name: app; Type: SCHEMA; Schema: -; Owner: alice
--

CREATE SCHEMA app;


ALTER SCHEMA app OWNER TO alice;

--
-- Name: SCHEMA app; Type: COMMENT; Schema: -; Owner: alice
--

COMMENT ON SCHEMA app IS 'application objects';


--
-- Name: address; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.address AS (
	street text,
	city text,
	zip character varying(10)
);


ALTER TYPE public.address OWNER TO postgres;

--
-- Name: mood; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.mood AS ENUM (
    'sad',
    'ok',
    'happy',
    'très content'
);


ALTER TYPE public.mood OWNER TO postgres;

--
-- Name: TYPE mood; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TYPE public.mood IS 'how someone feels';


--
-- Name: posint; Type: DOMAIN; Schema: public; Owner: postgres
--

CREATE DOMAIN public.posint AS integer
	CONSTRAINT posint_check CHECK ((VALUE > 0));


ALTER DOMAIN public.posint OWNER TO postgres;

--
-- Name: Fancy Func(text, integer); Type: FUNCTION; Schema: app; Owner: bob
--

CREATE FUNCTION app."Fancy Func"(a text, b integer DEFAULT 2) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    -- a comment with a tab	and a backslash \ inside the body
    RETURN repeat(a, b);
END
$$;


ALTER FUNCTION app."Fancy Func"(a text, b integer) OWNER TO bob;

--
-- Name: reset_ticket(bigint); Type: PROCEDURE; Schema: app; Owner: postgres
--

CREATE PROCEDURE app.reset_ticket(IN p_start bigint)
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM setval('app.ticket_seq', p_start);
END
$$;


ALTER PROCEDURE app.reset_ticket(IN p_start bigint) OWNER TO postgres;

--
-- Name: touch_updated(); Type: FUNCTION; Schema: app; Owner: postgres
--

CREATE FUNCTION app.touch_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := '2000-01-01 00:00:00+00'::timestamptz;
    RETURN NEW;
END
$$;


ALTER FUNCTION app.touch_updated() OWNER TO postgres;

--
-- Name: add_one(integer); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.add_one(integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    AS $_$ SELECT $1 + 1 $_$;


ALTER FUNCTION public.add_one(integer) OWNER TO postgres;

--
-- Name: FUNCTION add_one(integer); Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON FUNCTION public.add_one(integer) IS 'adds one; "quoted" words';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: Tab Le; Type: TABLE; Schema: Mixed Case; Owner: bob
--

CREATE TABLE "Mixed Case"."Tab Le" (
    "Id" integer,
    "select" text
);


ALTER TABLE "Mixed Case"."Tab Le" OWNER TO bob;

--
-- Name: View "Q"; Type: VIEW; Schema: Mixed Case; Owner: bob
--

CREATE VIEW "Mixed Case"."View ""Q""" AS
 SELECT "Tab Le"."Id",
    "Tab Le"."select"
   FROM "Mixed Case"."Tab Le"
  WHERE ("Tab Le"."Id" > 0);


ALTER VIEW "Mixed Case"."View ""Q""" OWNER TO bob;

--
-- Name: lower_t; Type: TABLE; Schema: Mixed Case; Owner: bob
--

CREATE TABLE "Mixed Case".lower_t (
    x integer
);


ALTER TABLE "Mixed Case".lower_t OWNER TO bob;

--
-- Name: empty_table; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.empty_table (
    id integer,
    note text
);


ALTER TABLE app.empty_table OWNER TO postgres;

--
-- Name: events; Type: TABLE; Schema: app; Owner: alice
--

CREATE TABLE app.events (
    id integer NOT NULL,
    kind text NOT NULL,
    msg text
);


ALTER TABLE app.events OWNER TO alice;

--
-- Name: evolving; Type: TABLE; Schema: app; Owner: alice
--

CREATE TABLE app.evolving (
    id integer NOT NULL,
    a integer,
    b integer GENERATED ALWAYS AS ((a * 2)) STORED,
    c text DEFAULT 'dflt'::text
);


ALTER TABLE app.evolving OWNER TO alice;

--
-- Name: measurements; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.measurements (
    id integer NOT NULL,
    logdate date NOT NULL,
    value numeric(10,2)
)
PARTITION BY RANGE (logdate);


ALTER TABLE app.measurements OWNER TO postgres;

--
-- Name: measurements_2023; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.measurements_2023 (
    id integer NOT NULL,
    logdate date NOT NULL,
    value numeric(10,2)
);


ALTER TABLE app.measurements_2023 OWNER TO postgres;

--
-- Name: measurements_2024; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.measurements_2024 (
    id integer NOT NULL,
    logdate date NOT NULL,
    value numeric(10,2)
);


ALTER TABLE app.measurements_2024 OWNER TO postgres;

--
-- Name: no_cols; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.no_cols (
);


ALTER TABLE app.no_cols OWNER TO postgres;

--
-- Name: posts; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.posts (
    id integer NOT NULL,
    user_id integer NOT NULL,
    title text NOT NULL,
    body text,
    score public.posint,
    updated_at timestamp with time zone
);


ALTER TABLE public.posts OWNER TO postgres;

--
-- Name: post_counts; Type: MATERIALIZED VIEW; Schema: app; Owner: postgres
--

CREATE MATERIALIZED VIEW app.post_counts AS
 SELECT posts.user_id,
    count(*) AS n
   FROM public.posts
  GROUP BY posts.user_id
  WITH NO DATA;


ALTER MATERIALIZED VIEW app.post_counts OWNER TO postgres;

--
-- Name: ticket_seq; Type: SEQUENCE; Schema: app; Owner: alice
--

CREATE SEQUENCE app.ticket_seq
    START WITH 1000
    INCREMENT BY 5
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE app.ticket_seq OWNER TO alice;

--
-- Name: users; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.users (
    id integer,
    note text
);


ALTER TABLE app.users OWNER TO postgres;

--
-- Name: MixedCase; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."MixedCase" (
    id integer NOT NULL,
    "Value" text,
    "UPPER" integer
);


ALTER TABLE public."MixedCase" OWNER TO postgres;

--
-- Name: my table; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."my table" (
    "my column" integer,
    "another col" text
);


ALTER TABLE public."my table" OWNER TO postgres;

--
-- Name: Odd Seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public."Odd Seq"
    START WITH 7
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE public."Odd Seq" OWNER TO postgres;

--
-- Name: Odd Seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public."Odd Seq" OWNED BY public."my table"."my column";


--
-- Name: awkward; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.awkward (
    id integer NOT NULL,
    t text,
    b bytea,
    ia integer[],
    ta text[],
    j json,
    jb jsonb,
    n numeric,
    ts timestamp with time zone,
    flag boolean,
    f8 double precision,
    addr public.address,
    m public.mood
);


ALTER TABLE public.awkward OWNER TO postgres;

--
-- Name: données; Type: TABLE; Schema: public; Owner: alice
--

CREATE TABLE public."données" (
    "clé" integer,
    "valeur €" text
);


ALTER TABLE public."données" OWNER TO alice;

--
-- Name: multi line view; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public."multi
line view" AS
 SELECT 1 AS one;


ALTER VIEW public."multi
line view" OWNER TO postgres;

--
-- Name: posts_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.posts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER SEQUENCE public.posts_id_seq OWNER TO postgres;

--
-- Name: posts_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.posts_id_seq OWNED BY public.posts.id;


--
-- Name: semi;colon; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."semi;colon" (
    v integer
);


ALTER TABLE public."semi;colon" OWNER TO postgres;

--
-- Name: users; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.users (
    id integer NOT NULL,
    username text NOT NULL,
    email text,
    mood public.mood DEFAULT 'ok'::public.mood,
    home public.address,
    created_at timestamp with time zone DEFAULT '2024-01-01 00:00:00+00'::timestamp with time zone NOT NULL
);


ALTER TABLE public.users OWNER TO postgres;

--
-- Name: TABLE users; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.users IS 'People who post; with ''quotes'' and é';


--
-- Name: COLUMN users.email; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.users.email IS 'primary e-mail address';


--
-- Name: user_posts; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.user_posts AS
 SELECT u.username,
    p.title,
    p.score
   FROM (public.users u
     JOIN public.posts p ON ((p.user_id = u.id)));


ALTER VIEW public.user_posts OWNER TO postgres;

--
-- Name: VIEW user_posts; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON VIEW public.user_posts IS 'users joined to their posts';


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.users ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: weird"name; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."weird""name" (
    "a""b" integer,
    c text
);


ALTER TABLE public."weird""name" OWNER TO postgres;

--
-- Name: measurements_2023; Type: TABLE ATTACH; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.measurements ATTACH PARTITION app.measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');


--
-- Name: measurements_2024; Type: TABLE ATTACH; Schema: app; Owner: postgres
--

ALTER TABLE ONLY app.measurements ATTACH PARTITION app.measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');


--
-- Name: posts id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.posts ALTER COLUMN id SET DEFAULT nextval('public.posts_id_seq'::regclass);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: app; Owner: alice
--

ALTER TABLE ONLY app.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: evolving evolving_pkey; Type: CONSTRAINT; Schema: app; Owner: alice
--

ALTER TABLE ONLY app.evolving
    ADD CONSTRAINT evolving_pkey PRIMARY KEY (id);


--
-- Name: MixedCase MixedCase_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public."MixedCase"
    ADD CONSTRAINT "MixedCase_pkey" PRIMARY KEY (id);


--
-- Name: awkward awkward_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.awkward
    ADD CONSTRAINT awkward_pkey PRIMARY KEY (id);


--
-- Name: posts posts_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_pkey PRIMARY KEY (id);


--
-- Name: posts posts_user_title_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_user_title_key UNIQUE (user_id, title);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: users users_username_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_username_key UNIQUE (username);


--
-- Name: events_kind_idx; Type: INDEX; Schema: app; Owner: alice
--

CREATE INDEX events_kind_idx ON app.events USING btree (kind) INCLUDE (id);


--
-- Name: measurements_logdate_idx; Type: INDEX; Schema: app; Owner: postgres
--

CREATE INDEX measurements_logdate_idx ON ONLY app.measurements USING btree (logdate);


--
-- Name: measurements_2023_logdate_idx; Type: INDEX; Schema: app; Owner: postgres
--

CREATE INDEX measurements_2023_logdate_idx ON app.measurements_2023 USING btree (logdate);


--
-- Name: measurements_2024_logdate_idx; Type: INDEX; Schema: app; Owner: postgres
--

CREATE INDEX measurements_2024_logdate_idx ON app.measurements_2024 USING btree (logdate);


--
-- Name: post_counts_user_id_idx; Type: INDEX; Schema: app; Owner: postgres
--

CREATE UNIQUE INDEX post_counts_user_id_idx ON app.post_counts USING btree (user_id);


--
-- Name: awkward_jb_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX awkward_jb_idx ON public.awkward USING gin (jb);


--
-- Name: posts_scored_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX posts_scored_idx ON public.posts USING btree (score) WHERE (score IS NOT NULL);


--
-- Name: posts_user_title_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX posts_user_title_idx ON public.posts USING btree (user_id, title);


--
-- Name: users_email_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX users_email_idx ON public.users USING btree (email);


--
-- Name: users_lower_username_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE UNIQUE INDEX users_lower_username_idx ON public.users USING btree (lower(username));


--
-- Name: measurements_2023_logdate_idx; Type: INDEX ATTACH; Schema: app; Owner: postgres
--

ALTER INDEX app.measurements_logdate_idx ATTACH PARTITION app.measurements_2023_logdate_idx;


--
-- Name: measurements_2024_logdate_idx; Type: INDEX ATTACH; Schema: app; Owner: postgres
--

ALTER INDEX app.measurements_logdate_idx ATTACH PARTITION app.measurements_2024_logdate_idx;


--
-- Name: posts posts_touch; Type: TRIGGER; Schema: public; Owner: postgres
--

CREATE TRIGGER posts_touch BEFORE UPDATE ON public.posts FOR EACH ROW EXECUTE FUNCTION app.touch_updated();


--
-- Name: posts posts_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: SCHEMA app; Type: ACL; Schema: -; Owner: alice
--

GRANT USAGE ON SCHEMA app TO bob;


--
-- Name: FUNCTION add_one(integer); Type: ACL; Schema: public; Owner: postgres
--

REVOKE ALL ON FUNCTION public.add_one(integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.add_one(integer) TO bob;


--
-- Name: TABLE events; Type: ACL; Schema: app; Owner: alice
--

GRANT SELECT ON TABLE app.events TO bob;


--
-- Name: TABLE posts; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT,INSERT ON TABLE public.posts TO bob;


--
-- Name: SEQUENCE ticket_seq; Type: ACL; Schema: app; Owner: alice
--

GRANT USAGE ON SEQUENCE app.ticket_seq TO bob;


--
-- Name: TABLE users; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.users TO alice;


--
-- Name: COLUMN users.username; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT(username) ON TABLE public.users TO bob;


--
-- Name: COLUMN users.email; Type: ACL; Schema: public; Owner: postgres
--

GRANT UPDATE(email) ON TABLE public.users TO bob;


--
-- Name: TABLE user_posts; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT ON TABLE public.user_posts TO bob;


--
-- Name: TABLE "weird""name"; Type: ACL; Schema: public; Owner: postgres
--

GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,TRUNCATE,UPDATE ON TABLE public."weird""name" TO alice WITH GRANT OPTION;


--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: app; Owner: alice
--

ALTER DEFAULT PRIVILEGES FOR ROLE alice IN SCHEMA app GRANT SELECT ON TABLES TO bob;


--
-- Name: post_counts; Type: MATERIALIZED VIEW DATA; Schema: app; Owner: postgres
--

REFRESH MATERIALIZED VIEW app.post_counts;


--
-- PostgreSQL database dump complete
--

\unrestrict pgdmpFixtureKey

