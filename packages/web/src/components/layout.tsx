/** @jsxRuntime automatic @jsxImportSource hono/jsx */

import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ViewContext } from '../view-context.js';

const NAV: readonly (readonly [path: string, label: string])[] = [
  ['/', 'Fleet'],
  ['/machines', 'Machines'],
  ['/work', 'Work'],
  ['/backoffs', 'Backoffs'],
  ['/history', 'History'],
];

/** The page frame: title, navigation (the current page marked), the CSRF token for scripts. */
export function Layout(props: { view: ViewContext; title: string; current: string; children?: Child }) {
  const { view } = props;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="csrf-token" content={view.csrfToken} />
          <title>{`${props.title} · tagout`}</title>
          <link rel="stylesheet" href={view.href('/static/style.css')} />
        </head>
        <body>
          <header>
            <a class="brand" href={view.href('/')}>
              tagout
            </a>
            <nav>
              {NAV.map(([path, label]) => (
                <a href={view.href(path)} aria-current={path === props.current ? 'page' : undefined}>
                  {label}
                </a>
              ))}
            </nav>
            <span class="processes">{view.engine.processes.join(' · ')}</span>
            {view.readOnly && <span class="badge">read-only</span>}
          </header>
          <main>
            <h1>{props.title}</h1>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
