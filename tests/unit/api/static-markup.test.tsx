import { Fragment, Suspense } from "react";
import { staticMarkup } from "@/lib/api/static-markup";

// Digests over the API are rendered by lib/api/static-markup (react-dom/server is not available
// in route handlers): what a digest builds must come out as the HTML a browser would get.

test("host elements, text, numbers, lists and fragments; text and attributes escaped", async () => {
  const hostile = `<script>alert("x")</script> & 'y'`;
  const html = await staticMarkup(
    <>
      <p className="lead" title={hostile} data-n={3} hidden={false} aria-hidden>
        {hostile} {42} {null} {undefined} {true}
      </p>
      <ul>
        {["a", "b"].map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <Fragment>
        <label htmlFor="f">f</label>
      </Fragment>
    </>,
  );
  expect(html).toBe(
    '<p class="lead" title="&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39;" data-n="3" aria-hidden>&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39; 42   </p>' +
      '<ul><li>a</li><li>b</li></ul><label for="f">f</label>',
  );
});

test("void elements, styles, event handlers left out, raw HTML kept", async () => {
  const html = await staticMarkup(
    <div style={{ marginTop: 4, opacity: 0.5, backgroundColor: "red" }} onClick={() => undefined}>
      <br />
      <img src="a.png" alt="" />
      <span dangerouslySetInnerHTML={{ __html: "<b>bold</b>" }} />
    </div>,
  );
  expect(html).toBe('<div style="margin-top:4px;opacity:0.5;background-color:red"><br><img src="a.png" alt=""><span><b>bold</b></span></div>');
});

test("components, async components and Suspense render their output", async () => {
  const Cell = ({ v }: { v: number }) => <td>{v}</td>;
  const Later = async () => {
    await new Promise((r) => setTimeout(r, 1));
    return <em>later</em>;
  };
  expect(
    await staticMarkup(
      <Suspense fallback="…">
        <table>
          <tbody>
            <tr>
              <Cell v={1} />
            </tr>
          </tbody>
        </table>
        <Later />
      </Suspense>,
    ),
  ).toBe("<table><tbody><tr><td>1</td></tr></tbody></table><em>later</em>");
});

test("a client component is refused with a message, not rendered half", async () => {
  const client = Object.assign(() => null, { $$typeof: Symbol.for("react.client.reference") });
  const Client = client as unknown as () => null;
  await expect(staticMarkup(<Client />)).rejects.toThrow(/client component/);
});
