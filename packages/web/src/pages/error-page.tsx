/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { NotFoundError, TagoutError, ValidationError } from '@tagout/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Layout } from '../components/layout.js';
import type { ViewContext } from '../view-context.js';

/**
 * The page for an error a route threw: 400 with the message of a ValidationError, 404 for
 * a NotFoundError, 503 with the message of any other tagout error (the store is down), and
 * 500 without details for anything else (logged to stderr).
 */
export function errorPage(c: Context, view: ViewContext, error: unknown): Response | Promise<Response> {
  const [status, title, message] = describe(error);
  if (status === 500) console.error('tagout web:', error);
  return c.html(
    <Layout view={view} title={title} current="">
      <p class="error" role="alert">
        {message}
      </p>
    </Layout>,
    status,
  );
}

function describe(error: unknown): [ContentfulStatusCode, string, string] {
  if (error instanceof ValidationError) return [400, 'Bad request', error.message];
  if (error instanceof NotFoundError) return [404, 'Not found', error.message];
  if (error instanceof TagoutError) return [503, 'Store unavailable', error.message];
  return [500, 'Internal error', 'internal error (see the server log)'];
}
