import { dumpResponse } from "@/lib/data/dump-stream";
import { adminOrLoginRedirect } from "../_lib/auth";
import { onlyAllows } from "@/lib/http";

/**
 * The whole database as a dump download (see lib/data/dump.ts), streamed as it is read:
 * memory stays flat, and a slow download slows the reading down. Restore it with
 * `npm run sprout -- restore --file F`.
 */
export async function GET() {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  return dumpResponse(admin.name);
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
