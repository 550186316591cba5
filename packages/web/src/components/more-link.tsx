/** @jsxRuntime automatic @jsxImportSource hono/jsx */

/**
 * "Showing N" and, when the listing was cut at its limit, a link to the same listing with
 * twice the limit.
 */
export function MoreLink(props: { shown: number; limit: number; moreHref: string }) {
  return (
    <p class="paging">
      {`showing ${props.shown}`}
      {props.shown >= props.limit && (
        <>
          {' · '}
          <a href={props.moreHref}>show more</a>
        </>
      )}
    </p>
  );
}
