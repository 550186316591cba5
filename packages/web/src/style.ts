/** The UI's only stylesheet, served at `/static/style.css` (the content security policy allows no inline style). */
export const STYLE = `
:root { color-scheme: light dark; --fg: #1d232b; --muted: #66707c; --line: #dde2e8; --bg: #fff; --head: #f3f5f8;
  --accent: #2457c5; --bad: #b3261e; --bad-bg: #fdecea; --ok: #1e7b34; --warn: #8a5a00; }
@media (prefers-color-scheme: dark) { :root { --fg: #e3e7ec; --muted: #98a2ae; --line: #2f3742; --bg: #14181d;
  --head: #1c2128; --accent: #7aa7ff; --bad: #ff8a80; --bad-bg: #3a1c1a; --ok: #7bd88f; --warn: #f0c060; } }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--head); }
header .brand { font-weight: 700; font-size: 1.1rem; color: var(--fg); text-decoration: none; letter-spacing: .02em; }
header nav { display: flex; gap: 1rem; }
header nav a { color: var(--muted); text-decoration: none; padding: .2rem 0; }
header nav a[aria-current="page"] { color: var(--fg); border-bottom: 2px solid var(--accent); }
header .processes { margin-left: auto; color: var(--muted); font-size: .85rem; }
.badge { background: var(--warn); color: var(--bg); border-radius: 3px; padding: 0 .4rem; font-size: .8rem; }
main { padding: 1rem 1.5rem 3rem; max-width: 1400px; }
h1 { font-size: 1.35rem; margin: .3rem 0 1rem; word-break: break-all; }
h2 { font-size: 1rem; margin: 1.6rem 0 .5rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; background: var(--head); }
th.num { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.empty { color: var(--muted); font-style: italic; }
.id, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
td.id { color: var(--muted); }
code.json { white-space: pre-wrap; word-break: break-all; }
td.cause { color: var(--bad); white-space: pre-wrap; word-break: break-word; }
.tag { display: inline-block; margin: 0 .3rem .2rem 0; padding: 0 .45rem; border: 1px solid var(--line); border-radius: 10px; font-size: .8rem; }
tr.active .state, .event-failed .event { color: var(--bad); font-weight: 600; }
tr.expired { color: var(--muted); }
.event-finished .event { color: var(--ok); }
.event-expired .event, .event-canceled .event { color: var(--warn); }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1.2rem; min-width: 11rem; color: var(--muted); text-decoration: none; }
.card .count { display: block; font-size: 1.8rem; font-weight: 700; color: var(--fg); }
form.filter { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; margin-bottom: .6rem; }
form.filter textarea { flex: 1 1 30rem; font-family: ui-monospace, monospace; font-size: .85rem; padding: .35rem; }
form.filter input[type="number"] { width: 6rem; }
input, select, textarea, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .25rem .4rem; }
button { background: var(--accent); color: #fff; border: 0; padding: .35rem .9rem; cursor: pointer; }
.examples { color: var(--muted); font-size: .85rem; }
.examples a { margin-right: .8rem; }
.error { background: var(--bad-bg); color: var(--bad); padding: .5rem .8rem; border-radius: 4px; }
.meta, .paging { color: var(--muted); }
`;
