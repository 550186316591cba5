/** @jsxRuntime automatic @jsxImportSource hono/jsx */

/** Why a request was refused (a ValidationError's message), shown above the page's content. */
export function ErrorNote(props: { message: string | undefined }) {
  return props.message === undefined ? null : (
    <p class="error" role="alert">
      {props.message}
    </p>
  );
}
