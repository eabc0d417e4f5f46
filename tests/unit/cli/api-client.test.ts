import { endpointUrl } from "@/lib/cli/api-client";

test.each([
  ["sessions", "http://h:1/admin/api/v1/sessions/"],
  ["/sessions/", "http://h:1/admin/api/v1/sessions/"],
  ["admin/api/v1/sessions", "http://h:1/admin/api/v1/sessions/"],
  ["/admin/api/v1/sessions/x/players?fields=label", "http://h:1/admin/api/v1/sessions/x/players/?fields=label"],
  ["openapi.json", "http://h:1/admin/api/v1/openapi.json"],
  ["sessions/x/data/export/wide.csv", "http://h:1/admin/api/v1/sessions/x/data/export/wide.csv"],
])("the endpoint %j is %s", (endpoint, url) => {
  expect(endpointUrl("http://h:1/", endpoint)).toBe(url);
});
