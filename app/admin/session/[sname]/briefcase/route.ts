import { briefcaseResponse } from "@/lib/data/briefcase";
import { onlyAllows } from "@/lib/http";
import { readDb } from "@/lib/store/db";
import { adminOrLoginRedirect } from "../../../_lib/auth";

/** One session's replication briefcase (lib/data/briefcase.ts): a ZIP streamed as it is built. */
export async function GET(_request: Request, { params }: { params: Promise<{ sname: string }> }) {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const { sname } = await params;
  return briefcaseResponse(readDb(), { session: sname }, sname);
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
