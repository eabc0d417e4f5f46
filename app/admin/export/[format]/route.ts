import { exportResponse } from "@/lib/data/exports";
import { TESTING_FILTERS, type TestingFilter } from "@/lib/data/sessions";
import { onlyAllows, textResponse } from "@/lib/http";
import { readDb } from "@/lib/store/db";
import { adminOrLoginRedirect } from "../../_lib/auth";

const FILE_PREFIX: Record<TestingFilter, string> = { all: "all-sessions", hide: "sessions-without-tests", only: "test-sessions" };

/** Every session's export in one file; `?testing=hide` leaves test runs out, `?testing=only` exports only them. */
export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }) {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const { format } = await params;
  const query = new URL(request.url).searchParams;
  const testing = query.get("testing") ?? "all";
  if (!(TESTING_FILTERS as readonly string[]).includes(testing)) return textResponse(400, `testing must be one of ${TESTING_FILTERS.join(", ")}, not "${testing}"`);
  const filter = testing as TestingFilter;
  return exportResponse(readDb(), format, { testing: filter }, FILE_PREFIX[filter], query);
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
