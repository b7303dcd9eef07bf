-- frontwatch store (SQLite by default; the same schema runs on PostgreSQL). One row per document and per derived fact; every fact keeps its evidence
-- (document id + character span into documents.text) and the rule that produced it.
-- Columns used by filters are plain and indexed; `record` holds the full JSON in the output contract's shape.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    id         TEXT PRIMARY KEY,          -- the record's own id, else a content hash
    text_hash  TEXT NOT NULL,             -- sha256 of text: re-ingesting the same text changes nothing
    text       TEXT NOT NULL,             -- exactly as ingested; all offsets index this
    published  TEXT,                      -- YYYY-MM-DD
    url        TEXT,
    title      TEXT,
    source     TEXT,
    origin     TEXT                       -- file path or feed it came from
);
CREATE INDEX IF NOT EXISTS documents_published ON documents (published);

CREATE TABLE IF NOT EXISTS place_mentions (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    geonames_id INTEGER,                  -- NULL: recognized as a place but not resolved
    role        TEXT NOT NULL,            -- event | mentioned | metonym
    score       DOUBLE PRECISION NOT NULL,
    rule        TEXT NOT NULL,
    record      TEXT NOT NULL,
    PRIMARY KEY (document_id, start, "end")
);
CREATE INDEX IF NOT EXISTS place_mentions_place ON place_mentions (geonames_id);

CREATE TABLE IF NOT EXISTS time_mentions (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       TEXT NOT NULL,            -- TIMEX3
    type        TEXT NOT NULL,            -- DATE | TIME | DURATION | SET
    date_start  TEXT,
    date_end    TEXT,
    precision   TEXT,
    record      TEXT NOT NULL,
    PRIMARY KEY (document_id, start, "end")
);

CREATE TABLE IF NOT EXISTS events (
    id             TEXT PRIMARY KEY,
    document_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1         TEXT,
    actor2         TEXT,
    location       TEXT,
    geonames_id    INTEGER,
    country        TEXT,
    admin1         TEXT,
    lat            DOUBLE PRECISION,
    lon            DOUBLE PRECISION,
    date_start     TEXT NOT NULL,
    date_end       TEXT NOT NULL,
    precision      TEXT NOT NULL,
    modality       TEXT NOT NULL,
    fatalities     INTEGER,
    injuries       INTEGER,
    rule           TEXT NOT NULL,
    record         TEXT NOT NULL,
    cluster_id     TEXT                   -- the real event this report belongs to (see dedup.py)
);
-- Pages list reports in report order (date_end, date_start, document_id, id). Each equality filter has an
-- index that starts with its column and then follows that order, so a page of one place, type, actor,
-- country or modality walks its own index from the first matching report and stops after one page: no sort
-- of every match, however many there are. Type names match case-insensitively, hence lower(). Stores
-- written by older versions get these on open (store.py drops the narrower indexes they replace).
CREATE INDEX IF NOT EXISTS events_document ON events (document_id);
-- Report order itself (with lat/lon: a large bounding box walks this index alone, see walks.py).
CREATE INDEX IF NOT EXISTS events_key ON events (date_end, date_start, document_id, id, lat, lon);
CREATE INDEX IF NOT EXISTS events_place_key ON events (geonames_id, date_end, date_start, document_id, id);
CREATE INDEX IF NOT EXISTS events_location_key ON events (lower(location), date_end, date_start, document_id, id);
CREATE INDEX IF NOT EXISTS events_type_key ON events (lower(sub_event_type), date_end, date_start, document_id, id);
CREATE INDEX IF NOT EXISTS events_event_type_key ON events (lower(event_type), date_end, date_start, document_id, id);
CREATE INDEX IF NOT EXISTS events_actor1_key ON events (actor1, date_end, date_start, document_id, id);
CREATE INDEX IF NOT EXISTS events_actor2_key ON events (actor2, date_end, date_start, document_id, id);
CREATE INDEX IF NOT EXISTS events_country_key ON events (country, date_end, date_start, document_id, id);
CREATE INDEX IF NOT EXISTS events_modality_key ON events (modality, date_end, date_start, document_id, id);
-- A bounding box narrows by latitude in this index and checks longitude there, without reading the rows.
CREATE INDEX IF NOT EXISTS events_lat_lon ON events (lat, lon);
-- db.ensure_read_indexes adds, after the migrations: `events_map`, a covering index from which the map and the
-- timeline count merged events; `actor_names`, every actor name stored (kept by triggers; the `actor` filter
-- finds the names that contain its text there, then reads each name's index); and full text (the `q` filter),
-- which is engine-specific: SQLite a contentless FTS5 table `events_text` (the words, and the grid cell)
-- kept by triggers on events; PostgreSQL a stored tsvector column `words` with a GIN index and a covering
-- index in report order that holds it (`events_key_words`).

-- Why two reports are one event (dedup.py); removed with either report, recomputed when a report changes.
CREATE TABLE IF NOT EXISTS event_links (
    a      TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    b      TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS event_links_b ON event_links (b);

-- Merges a user reverted (`frontwatch unmerge`): these pairs are never linked again.
CREATE TABLE IF NOT EXISTS merge_blocks (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (a, b)
);

CREATE TABLE IF NOT EXISTS control_changes (
    event_id        TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    document_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    place           TEXT NOT NULL,
    geonames_id     INTEGER,
    controller      TEXT NOT NULL,
    country         TEXT,
    date_start      TEXT NOT NULL,
    date_end        TEXT NOT NULL,
    status          TEXT NOT NULL,        -- asserted | claimed | contested
    record          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS control_place ON control_changes (geonames_id, date_end);
CREATE INDEX IF NOT EXISTS control_place_name ON control_changes (lower(place), date_end);

CREATE TABLE IF NOT EXISTS quotes (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    kind         TEXT NOT NULL,           -- direct | indirect
    speaker      TEXT,
    affiliation  TEXT,
    record       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_document ON quotes (document_id, start);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (lower(speaker));

-- Near-duplicate documents (neardup.py): MinHash band keys, and the copy links they lead to.
CREATE TABLE IF NOT EXISTS document_bands (
    band        INTEGER NOT NULL,
    key         BIGINT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS document_bands_key ON document_bands (band, key);
CREATE INDEX IF NOT EXISTS document_bands_document ON document_bands (document_id);

CREATE TABLE IF NOT EXISTS document_copies (
    a          TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    b          TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    similarity REAL NOT NULL,             -- Jaccard similarity of the word 5-grams
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS document_copies_b ON document_copies (b);
