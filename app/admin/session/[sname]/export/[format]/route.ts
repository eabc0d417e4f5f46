import { exportResponse } from "@/lib/data/exports";
import { readDb } from "@/lib/store/db";
import { adminOrLoginRedirect } from "../../../../_lib/auth";
import { onlyAllows } from "@/lib/http";

/** One session's export (lib/data/exports.ts), streamed as a download; `?dropouts=` and `?unfinished=` filter the per-player tables. */
export async function GET(request: Request, { params }: { params: Promise<{ sname: string; format: string }> }) {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const { sname, format } = await params;
  return exportResponse(readDb(), format, { session: sname }, sname, new URL(request.url).searchParams);
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
