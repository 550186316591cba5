/**
 * Migration 1, tables and indexes. `s` is the quoted schema.
 *
 * Times and durations are `double precision` milliseconds since the epoch: the number type
 * JavaScript uses, so `now + interval` in SQL is bit for bit what core and the reference
 * model compute. Tokens are a bigint sequence. Machine and session ids are `uuid` (core makes
 * them lowercase UUIDs; uuid order is their text order).
 */
export function v1Tables(s: string): string {
  return `
-- Tokens and history positions come from one sequence: a Started event's position is its
-- token, so history order (by seq) shows tokens strictly increasing, and the events of one
-- pair (written under its machine lock) are in the order they happened.
create sequence ${s}.tokens;

-- version: bumped (under the row lock) by every transition that changes the machine's work,
-- tags or backoffs, so a claim by filter can tell that the machine it locked is still exactly
-- what its snapshot judged eligible (see candidate-sql.ts). Fill factor 90 leaves room on each
-- page, so the bump is a HOT update.
create table ${s}.machines (
  id uuid primary key,
  created_at double precision not null,
  version bigint not null default 0
) with (fillfactor = 90);
create index machines_created_idx on ${s}.machines (created_at, id);

create table ${s}.tags (
  machine_id uuid not null,
  name text not null,
  value jsonb not null,
  updated_at double precision not null,
  primary key (machine_id, name)
);
-- Drives claims by filter from the (few) machines carrying a tag.
create index tags_name_idx on ${s}.tags (name, machine_id);

create table ${s}.sessions (
  id uuid primary key,
  component text not null,
  runtime_info text not null,
  interval_ms double precision not null,
  created_at double precision not null,
  deadline double precision not null
);

create table ${s}.work (
  machine_id uuid not null,
  process text not null,
  session_id uuid not null,
  token bigint not null,
  started_at double precision not null,
  primary key (machine_id, process)
);
create index work_session_idx on ${s}.work (session_id);

create table ${s}.backoffs (
  machine_id uuid not null,
  process text not null,
  until double precision not null,
  cause text not null,
  last_interval_ms double precision not null,
  primary key (machine_id, process)
);

create table ${s}.history (
  seq bigint primary key default nextval('${s}.tokens'),
  machine_id uuid not null,
  process text not null,
  event text not null,
  at double precision not null,
  session_id uuid not null,
  token bigint not null,
  cause text
);
create index history_machine_idx on ${s}.history (machine_id, seq);
create index history_process_idx on ${s}.history (process, seq);
`;
}
