-- The engine's own database and login role, kept apart from Temporal's databases (temporal,
-- temporal_visibility), which the temporal service creates itself as the superuser.
-- The postgres image runs this once, with psql as the superuser, only while the data volume
-- is empty; changing APP_DB_PASSWORD later needs ALTER ROLE mediation PASSWORD '...'.
\set ON_ERROR_STOP on
\getenv app_db_password APP_DB_PASSWORD

\if :{?app_db_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'APP_DB_PASSWORD must be set in the postgresql service environment'; END $$;
\endif

CREATE ROLE mediation LOGIN PASSWORD :'app_db_password';
CREATE DATABASE mediation OWNER mediation;
-- Only the owner (and superusers) may connect; PostgreSQL 15+ makes the owner of the
-- database the owner of its public schema, so migrations can create tables there.
REVOKE ALL ON DATABASE mediation FROM PUBLIC;
