// docs/api.md, written from the OpenAPI document (npm run docs:api), so the reference cannot
// drift from the schemas; a test fails when the file is stale. The guide part above the
// reference is kept here as text.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GUIDE = `# The admin API

Everything the admin pages do, for scripts: create sessions from a lab-booking system, pull
data into R or Python at night, watch a study from a notebook. The API lives under
\`/admin/api/v1/\`, takes and answers JSON, and is described by an OpenAPI 3.1 document at
\`/admin/api/v1/openapi.json\` (generated from the same schemas that validate requests; this page
is generated from it by \`npm run docs:api\`).

## Tokens

Make a token on the admin's **API tokens** page or with the CLI; it is shown once (Sprout keeps
only its hash):

\`\`\`sh
npm run sprout -- token create nightly-pull --read-only   # prints sprout_…
npm run sprout -- token list
npm run sprout -- token revoke nightly-pull
\`\`\`

Send it as \`Authorization: Bearer <token>\`. A **read-only** token may call every GET operation
except the dump (which holds the secret that signs admin logins); a **full** token may do
everything. The admin's browser login does not open the API, and a token does not open the
admin pages. Whatever a token does is recorded as \`token:<name>\`: in the audit log (the
session page's Admin activity) and, for values it writes, as the writer in the field log
(\`byKind\` admin, \`byName\` token:<name>). A revoked token stops working at once; its name is
not reused. Each token may make 600 requests a minute on each server instance (a fixed window
in the instance's memory; \`SPROUT_API_RATE_LIMIT\` changes the number); over it the answer is
429 with \`Retry-After\`.

## Answers and errors

| Status | When | Body |
| --- | --- | --- |
| 200, 201 | done (201: created) | the operation's JSON |
| 400 | the body is not valid JSON | \`{ "error": "…" }\` |
| 401 | no token, or an unknown or revoked one | \`{ "error": "…" }\` |
| 403 | a read-only token on an operation that needs a full one | \`{ "error": "…" }\` |
| 404 | no such session, player, room or config | \`{ "error": "…" }\` |
| 405 | a method the path does not take (\`Allow\` lists those it does) | \`{ "error": "…" }\` |
| 409 | it does not fit the state: a paused session, a room that has (or has no) session | \`{ "error": "…" }\` |
| 422 | invalid input | \`{ "error": "…", "fields": { "players.0": "…" } }\`, a message per field |
| 429 | too many requests for this token | \`{ "error": "…" }\` |

Every path ends with a slash, except files: \`openapi.json\` and the exports
(\`data/export/wide.csv\`). Unknown keys in a body or query are refused (422), so a typo never
passes silently.

## Pulling the field log

\`GET /sessions/{sname}/data/\` returns the writes after \`since\` and a \`cursor\`: pass it as
\`since\` next time. Each write comes exactly once, in \`seq\` order within an answer. On
PostgreSQL a write can commit after one with a higher \`seq\`; the cursor remembers such gaps,
and the next pull returns those rows once they are committed (so a later answer may hold rows
with lower \`seq\` than an earlier one: sort by \`seq\` when order matters). The cursor is opaque
text; \`more: true\` means pull again at once.

## Differences from uproot's API

Paths and shapes follow uproot's where they fit. Where Sprout differs: lists are JSON arrays
(\`{"sessions": [...]}\`), not objects keyed by name; players are chosen with \`players\` (not
\`unames\`); \`active\` and \`testing\` take the value to set (\`{"active": false}\`) instead of
toggling; \`initialize\` runs \`newSession\` again on an initialized session (values written
before stay in the field log); unknown names answer 404 (uproot: 400); exports are the
admin's downloads (\`wide.csv\`, \`long.csv\`, \`log.jsonl\`, \`page-times.csv\`) rather than a ZIP, and
page times and digests are also JSON (\`data/page-times/\`, \`digest/\`, the digest as HTML).

## Examples

curl:

\`\`\`sh
export SPROUT_API_TOKEN=sprout_…
curl -s -H "Authorization: Bearer $SPROUT_API_TOKEN" http://127.0.0.1:8000/admin/api/v1/sessions/
curl -s -X POST -H "Authorization: Bearer $SPROUT_API_TOKEN" -H "Content-Type: application/json" \\
  -d '{"config": "public_goods", "players": 12}' http://127.0.0.1:8000/admin/api/v1/sessions/
curl -s -H "Authorization: Bearer $SPROUT_API_TOKEN" -o wide.csv \\
  http://127.0.0.1:8000/admin/api/v1/sessions/q8mbx4ta/data/export/wide.csv
\`\`\`

The CLI does the same with the token from \`SPROUT_API_TOKEN\` (it adds the prefix, and the trailing
slash where a path needs one):

\`\`\`sh
npm run sprout -- api sessions
npm run sprout -- api -X POST -d '{"config": "public_goods", "players": 12}' sessions
npm run sprout -- api -u https://study.example.org -X POST -d '{"players": ["alice"]}' sessions/q8mbx4ta/players/advance
\`\`\`

R (httr2), an incremental pull:

\`\`\`r
library(httr2)
sprout <- function(path) {
  request("http://127.0.0.1:8000/admin/api/v1/") |>
    req_url_path_append(path) |>
    req_auth_bearer_token(Sys.getenv("SPROUT_API_TOKEN"))
}
cursor <- "0"
repeat {
  page <- sprout("sessions/q8mbx4ta/data/") |> req_url_query(since = cursor) |> req_perform() |> resp_body_json()
  # ... append page$entries ...
  cursor <- page$cursor
  if (!page$more) break
}
sprout("sessions/") |> req_method("POST") |> req_body_json(list(config = "public_goods", players = 12)) |> req_perform()
\`\`\`

Python (requests):

\`\`\`python
import os, requests
api = requests.Session()
api.headers["Authorization"] = f"Bearer {os.environ['SPROUT_API_TOKEN']}"
base = "http://127.0.0.1:8000/admin/api/v1"
made = api.post(f"{base}/sessions/", json={"config": "public_goods", "players": 12}).json()
api.post(f"{base}/sessions/{made['name']}/players/message/", json={"players": [p["name"] for p in made["links"]["players"]], "message": "Welcome"}).raise_for_status()
cursor = "0"
while True:
    page = api.get(f"{base}/sessions/{made['name']}/data/", params={"since": cursor}).json()
    cursor = page["cursor"]
    if not page["more"]:
        break
\`\`\`
`;

/** A JSON Schema in a few words: "string", "integer ≥ 1", "list of string", "object", ... */
function typeOf(s: Json | undefined): string {
  if (!s) return "any";
  if (s.enum) return s.enum.map((v: unknown) => `\`${JSON.stringify(v)}\``).join(" or ");
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.anyOf) return s.anyOf.map(typeOf).join(" or ");
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return "any";
  return types
    .map((t) => {
      if (t === "array") return `list of ${typeOf(s.items)}`;
      if (t === "integer" || t === "number") {
        const bounds = [s.minimum !== undefined && s.minimum > -1e15 ? `≥ ${s.minimum}` : "", s.maximum !== undefined && s.maximum < 1e15 ? `≤ ${s.maximum}` : ""].filter(Boolean).join(", ");
        return bounds ? `${t} (${bounds})` : t;
      }
      return t;
    })
    .join(" or ");
}

const cell = (text: unknown) => String(text ?? "").replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A table of an object's fields; the fields of objects inside it (or of a list's objects) follow as their own tables, `prefix` naming where they are. */
function fieldsTable(schema: Json | undefined, prefix = ""): string {
  const props = schema?.properties as Record<string, Json> | undefined;
  if (!props || Object.keys(props).length === 0) return "";
  const required = new Set<string>(schema?.required ?? []);
  const rows = Object.entries(props).map(([name, s]) => `| \`${prefix}${name}\` | ${cell(typeOf(s))} | ${required.has(name) ? "yes" : ""} | ${cell(s.description)} |`);
  const nested = Object.entries(props).flatMap(([name, s]) => {
    const inner = s.items?.properties ? s.items : s.properties ? s : s.anyOf?.find((a: Json) => a.properties);
    const table = inner ? fieldsTable(inner, `${prefix}${name}${s.items ? "[]" : ""}.`) : "";
    return table ? [table] : [];
  });
  return [["| field | type | required | |", "| --- | --- | --- | --- |", ...rows].join("\n"), ...nested].join("\n\n");
}

/** docs/api.md for this document. */
export function apiMarkdown(doc: Json): string {
  const out = [GUIDE, "## Reference", "", "Paths are below `/admin/api/v1`. *read*: any token; *full*: a full-access token.", ""];
  for (const tag of doc.tags as { name: string }[]) {
    out.push(`### ${tag.name[0]!.toUpperCase()}${tag.name.slice(1)}`, "");
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op.tags[0] !== tag.name) continue;
        out.push(`#### \`${method.toUpperCase()} ${path}\``, "", `${op.summary} (*${op["x-scope"]}*)`, "");
        if (op.description) out.push(op.description, "");
        const params = (op.parameters as Json[]).filter((p) => p.in === "query");
        if (params.length) out.push("Query:", "", fieldsTable({ properties: Object.fromEntries(params.map((p) => [p.name, p.schema])), required: params.filter((p) => p.required).map((p) => p.name) }), "");
        const body = op.requestBody?.content["application/json"]?.schema;
        if (body) out.push("Body:", "", fieldsTable(body) || "a JSON object", "");
        const [status, ok] = Object.entries(op.responses as Record<string, Json>)[0]!;
        const json = ok.content["application/json"]?.schema;
        const answer = json ? fieldsTable(json) : "";
        out.push(`Answer (${status}): ${json ? (answer ? "" : "a JSON object") : `${ok.description} (${Object.keys(ok.content)[0]})`}`.trimEnd(), "");
        if (answer) out.push(answer, "");
        const refusals = Object.keys(op.responses).filter((s) => s !== status);
        out.push(`Refusals: ${refusals.join(", ")}.`, "");
      }
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}
