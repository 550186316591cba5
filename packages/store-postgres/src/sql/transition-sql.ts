/**
 * SQL fragments shared by the transition functions of several migrations. `s` is the quoted
 * schema. A migration's SQL must stay what it was when it shipped, so change a fragment only
 * in a way that leaves every migration's text as it was (or give the new text a new name).
 */
export function transitionSql(s: string) {
  const expired = `'{"ok":false,"reason":"session-expired"}'::jsonb`;
  const lost = `'{"ok":false,"reason":"lost"}'::jsonb`;
  return {
    /** Locks the machine (FOR NO KEY UPDATE, as any non-key UPDATE) and bumps its version. */
    bump: (id: string) => `update ${s}.machines set version = version + 1 where id = ${id}`,
    /** The result of a transition whose session is gone or past its deadline. */
    expired,
    /** The result of ending work this token no longer holds. */
    lost,
    /**
     * The end of `claim_write`: when `v_reap`, deletes the pair's (expired) work and appends
     * Expired for it; then inserts the work with a new token and appends Started (history
     * position = token); returns the token.
     */
    reapAndStart: `  if v_reap then
    with reaped as (
      delete from ${s}.work where machine_id = p_machine and process = p_process returning session_id, token)
    insert into ${s}.history (machine_id, process, event, at, session_id, token)
      select p_machine, p_process, 'Expired', p_now, session_id, token from reaped;
  end if;
  with started as (
    insert into ${s}.work (machine_id, process, session_id, token, started_at)
      values (p_machine, p_process, p_session, nextval('${s}.tokens'), p_now) returning token)
  insert into ${s}.history (seq, machine_id, process, event, at, session_id, token)
    select token, p_machine, p_process, 'Started', p_now, p_session, token from started
  returning token into v_token;
  return v_token;`,
    /**
     * What finish and fail do first, in this order: `lockAndRead` (locks the machine when the
     * transition needs it, and reads the session's deadline into `v_deadline`), then the clock
     * is read, the session must be alive, and the pair's work is deleted if it still holds this
     * token, with `event` appended for it (expired or lost returned otherwise).
     *
     * `lockAndRead` reads the deadline on the snapshot its statement started with, which may
     * predate a lock it waited for: the deadline can only have moved later since (heartbeats
     * extend it), or the session been deleted (a close, which releases the work, so the delete
     * below then finds nothing). So an alive deadline is trusted, and only a passed one is read
     * again before the transition reports the session expired.
     */
    endHeldWork: (lockAndRead: string, event: string, cause: string) => `  ${lockAndRead};
  v_now := ${s}.now_ms(p_now);
  if v_deadline is null or v_deadline <= v_now then
    select deadline into v_deadline from ${s}.sessions where id = p_session;
    if v_deadline is null or v_deadline <= v_now then return ${expired}; end if;
  end if;
  with ended as (delete from ${s}.work
      where machine_id = p_machine and process = p_process and token = p_token and session_id = p_session
      returning token)
  insert into ${s}.history (machine_id, process, event, at, session_id, token, cause)
    select p_machine, p_process, '${event}', v_now, p_session, token, ${cause} from ended;
  if not found then return ${lost}; end if;`,
  };
}
