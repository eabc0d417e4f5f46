import { healthResponse } from "@/lib/health";
import { onlyAllows } from "@/lib/http";

/**
 * Readiness through the Next app (server.ts answers /api/health/ready/ and /api/health/live/
 * itself, before Next; this one is also the bench's floor for a route with one query).
 */
export async function GET() {
  const { status, body } = await healthResponse("ready");
  return new Response(body, { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
