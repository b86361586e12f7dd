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
SET client_encoding = 'LATIN1';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: données; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA "données";


ALTER SCHEMA "données" OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: café; Type: TABLE; Schema: données; Owner: postgres
--

CREATE TABLE "données"."café" (
    id integer NOT NULL,
    "naïve" text,
    prix numeric(8,2)
);


ALTER TABLE "données"."café" OWNER TO postgres;

--
-- Name: TABLE "café"; Type: COMMENT; Schema: données; Owner: postgres
--

COMMENT ON TABLE "données"."café" IS 'Carte des cafés, façon crème brûlée';


--
-- Name: vue_été; Type: VIEW; Schema: données; Owner: postgres
--

CREATE VIEW "données"."vue_été" AS
 SELECT "café".id,
    "café"."naïve"
   FROM "données"."café";


ALTER VIEW "données"."vue_été" OWNER TO postgres;

--
-- Name: plain; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.plain (
    id integer,
    label text
);


ALTER TABLE public.plain OWNER TO postgres;

--
-- Name: café café_pkey; Type: CONSTRAINT; Schema: données; Owner: postgres
--

ALTER TABLE ONLY "données"."café"
    ADD CONSTRAINT "café_pkey" PRIMARY KEY (id);


--
-- Name: café_naïve_idx; Type: INDEX; Schema: données; Owner: postgres
--

CREATE INDEX "café_naïve_idx" ON "données"."café" USING btree ("naïve");


--
-- PostgreSQL database dump complete
--

\unrestrict pgdmpFixtureKey

