import { briefcaseResponse } from "@/lib/data/briefcase";
import { TESTING_FILTERS, type TestingFilter } from "@/lib/data/sessions";
import { onlyAllows, textResponse } from "@/lib/http";
import { readDb } from "@/lib/store/db";
import { adminOrLoginRedirect } from "../_lib/auth";

const FILE_PREFIX: Record<TestingFilter, string> = { all: "all-sessions", hide: "sessions-without-tests", only: "test-sessions" };

/** The replication briefcase of every session listed (`?testing=all|hide|only`): one ZIP, streamed. */
export async function GET(request: Request) {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const testing = new URL(request.url).searchParams.get("testing") ?? "all";
  if (!(TESTING_FILTERS as readonly string[]).includes(testing)) return textResponse(400, `testing must be one of ${TESTING_FILTERS.join(", ")}, not "${testing}"`);
  const filter = testing as TestingFilter;
  return briefcaseResponse(readDb(), { testing: filter }, FILE_PREFIX[filter]);
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
