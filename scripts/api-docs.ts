// npm run docs:api: rewrites docs/api.md from the admin API's OpenAPI document.
import fs from "node:fs";
import { apiMarkdown } from "../lib/api/markdown.ts";
import { openApiDocument } from "../lib/api/openapi.ts";
import { OPERATIONS } from "../lib/api/operations/index.ts";

fs.writeFileSync("docs/api.md", apiMarkdown(openApiDocument(OPERATIONS)));
console.log("wrote docs/api.md");
