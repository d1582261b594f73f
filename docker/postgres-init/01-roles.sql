-- The roles and databases of the stack, made once by the postgres image (psql as the
-- superuser, only while the data volume is empty; the compose drill of `npm test` runs it too):
--   mediation      owns the database mediation; only `migrate` connects as it.
--   mediation_app  the engine's processes (workers, gateways): no rights until migrate grants
--                  them (SELECT/INSERT/UPDATE/DELETE on the read models, SELECT/INSERT only on
--                  the event store; libs/persistence/src/app-role.ts).
--   temporal       may create databases: the temporal-schema job creates temporal and
--                  temporal_visibility as it, so it owns those two and nothing else.
-- Changing a password later: ALTER ROLE <role> PASSWORD '...'.
\set ON_ERROR_STOP on
\getenv owner_db_password OWNER_DB_PASSWORD
\getenv app_db_password APP_DB_PASSWORD
\getenv temporal_db_password TEMPORAL_DB_PASSWORD

\if :{?owner_db_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'OWNER_DB_PASSWORD must be set in the postgresql service environment'; END $$;
\endif
\if :{?app_db_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'APP_DB_PASSWORD must be set in the postgresql service environment'; END $$;
\endif
\if :{?temporal_db_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'TEMPORAL_DB_PASSWORD must be set in the postgresql service environment'; END $$;
\endif

CREATE ROLE mediation LOGIN PASSWORD :'owner_db_password';
CREATE ROLE mediation_app LOGIN PASSWORD :'app_db_password';
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_db_password';

CREATE DATABASE mediation OWNER mediation;
-- Only the roles granted CONNECT (migrate grants mediation_app) may connect; PostgreSQL 15+
-- makes the owner of the database the owner of its public schema, so migrations can create
-- tables there.
REVOKE ALL ON DATABASE mediation FROM PUBLIC;
