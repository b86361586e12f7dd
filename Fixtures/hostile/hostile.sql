-- Hostile names and values for `pgdmp report` (see ../generate-hostile.sh): every identifier,
-- comment and value below is a markup payload that must show as text in the report.
-- Faults are planted as in sql/faults.sql: rows go in while the index is not ready
-- (pg_index.indisready = false), orphans under session_replication_role = replica.

CREATE SCHEMA "<script>alert(1)</script>";
COMMENT ON SCHEMA "<script>alert(1)</script>" IS '<script>alert("schema comment")</script>';

CREATE TABLE "<script>alert(1)</script>"."<img src=x onerror=alert(1)>" (
    id bigint NOT NULL,
    "</style>" text NOT NULL,
    "]]>" text
);
ALTER TABLE ONLY "<script>alert(1)</script>"."<img src=x onerror=alert(1)>"
    ADD CONSTRAINT "<b>pk</b>" PRIMARY KEY (id);
CREATE UNIQUE INDEX """'><svg onload=alert(1)>" ON "<script>alert(1)</script>"."<img src=x onerror=alert(1)>"
    USING btree ("</style>");
CREATE INDEX "]]><script>alert(2)</script>" ON "<script>alert(1)</script>"."<img src=x onerror=alert(1)>"
    USING btree ("]]>");
COMMENT ON TABLE "<script>alert(1)</script>"."<img src=x onerror=alert(1)>" IS '</style><script>alert(3)</script>';
COMMENT ON COLUMN "<script>alert(1)</script>"."<img src=x onerror=alert(1)>"."</style>" IS '"''><svg onload=alert(4)>';

CREATE TABLE public."</title><svg/onload=alert(5)>" (
    id bigint NOT NULL,
    parent_id bigint,
    note text
);
ALTER TABLE ONLY public."</title><svg/onload=alert(5)>" ADD CONSTRAINT "fk<i>x</i>pkey" PRIMARY KEY (id);
ALTER TABLE ONLY public."</title><svg/onload=alert(5)>"
    ADD CONSTRAINT "<iframe src=javascript:alert(6)>" FOREIGN KEY (parent_id)
    REFERENCES "<script>alert(1)</script>"."<img src=x onerror=alert(1)>"(id);

INSERT INTO "<script>alert(1)</script>"."<img src=x onerror=alert(1)>"
SELECT n, '<script>alert(' || n || ')</script>', '<img src=x onerror=alert(' || n || ')>' || repeat('&amp;', n % 40)
FROM generate_series(1, 300) n;
INSERT INTO public."</title><svg/onload=alert(5)>"
SELECT n, n % 300 + 1, '"''><svg onload=alert(' || n || ')>]]></style>' FROM generate_series(1, 200) n;

-- an oversized key (incompressible, over 2704 bytes) and a duplicate key, both hostile
UPDATE pg_index SET indisready = false
 WHERE indexrelid IN ('"<script>alert(1)</script>"."""''><svg onload=alert(1)>"'::regclass,
                      '"<script>alert(1)</script>"."]]><script>alert(2)</script>"'::regclass);
\c
INSERT INTO "<script>alert(1)</script>"."<img src=x onerror=alert(1)>" VALUES
  (301, '<script>alert(1)</script>', NULL),
  (302, '</style>302', ']]>' || (SELECT string_agg(md5('h' || i), '') FROM generate_series(1, 100) i));
UPDATE pg_index SET indisready = true
 WHERE indexrelid IN ('"<script>alert(1)</script>"."""''><svg onload=alert(1)>"'::regclass,
                      '"<script>alert(1)</script>"."]]><script>alert(2)</script>"'::regclass);

-- an orphan row whose key and note are payloads
SET session_replication_role = replica;
INSERT INTO public."</title><svg/onload=alert(5)>" VALUES (9001, 4242, '<script>alert("orphan")</script>');
RESET session_replication_role;

-- a large object with a hostile comment and content
SELECT lo_from_bytea(424242, convert_to('<script>alert("lo")</script>', 'UTF8'));
COMMENT ON LARGE OBJECT 424242 IS '<img src=x onerror=alert("lo")>';
