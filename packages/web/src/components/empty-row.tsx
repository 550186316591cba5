/** @jsxRuntime automatic @jsxImportSource hono/jsx */

/** The single row of an empty table. */
export function EmptyRow(props: { columns: number; text: string }) {
  return (
    <tr>
      <td class="empty" colspan={props.columns}>
        {props.text}
      </td>
    </tr>
  );
}
