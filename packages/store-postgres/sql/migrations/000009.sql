-- Migration 9: the bulk writes take their tags in a form Postgres parses quickly.
-- :TAGOUT_SCHEMA is the schema. Released: never edit this file; add a new migration instead.
--
-- Migration 6's create_machines and set_tags_many take each tag's machine id, name and value as
-- array literals: for 1,000 machines with 5 tags each, parsing 5,000 uuids and 5,000 quoted,
-- backslash-escaped JSON texts took about 10 ms of a 40 ms batch. The overloads below take each
-- tag's machine as its position in p_ids (int4[]), and the names and the values each as one text
-- joined by U+001F, which neither a tag name nor JSON text can contain (JSON escapes every
-- control character inside strings): about 2 ms. They rebuild migration 6's arrays with
-- bulk_tags and call migration 6's functions, which do the writing (and which processes of the
-- previous release still call).

-- Migration 6's tag arrays from the compact form: machine ids by position in p_ids, names and
-- values split at U+001F. Raises when the three do not line up (a value holding U+001F is no
-- JSON text), so nothing is written from a misread batch.
create function :TAGOUT_SCHEMA.bulk_tags(p_ids uuid[], p_tag_machines int4[], p_names text, p_values text,
  out machines uuid[], out names text[], out vals text[])
language plpgsql immutable as $fn$
begin
  names := string_to_array(p_names, chr(31));
  vals := string_to_array(p_values, chr(31));
  select coalesce(array_agg(p_ids[u.i] order by u.n), '{}') into machines
    from unnest(p_tag_machines) with ordinality as u(i, n);
  if cardinality(names) <> cardinality(machines) or cardinality(vals) <> cardinality(machines)
     or array_position(machines, null) is not null then
    raise exception 'tagout: bulk tags do not line up (% machines, % names, % values)',
      cardinality(machines), cardinality(names), cardinality(vals);
  end if;
end
$fn$;

create function :TAGOUT_SCHEMA.create_machines(p_ids uuid[], p_tag_machines int4[], p_names text,
  p_values text, p_now double precision) returns jsonb
language sql as $fn$
  select :TAGOUT_SCHEMA.create_machines(p_ids, t.machines, t.names, t.vals, p_now)
    from :TAGOUT_SCHEMA.bulk_tags(p_ids, p_tag_machines, p_names, p_values) t
$fn$;

create function :TAGOUT_SCHEMA.set_tags_many(p_ids uuid[], p_tag_machines int4[], p_names text,
  p_values text, p_now double precision) returns jsonb
language sql as $fn$
  select :TAGOUT_SCHEMA.set_tags_many(p_ids, t.machines, t.names, t.vals, p_now)
    from :TAGOUT_SCHEMA.bulk_tags(p_ids, p_tag_machines, p_names, p_values) t
$fn$;
