import { exportResponse } from "@/lib/data/exports";
import { readDb } from "@/lib/store/db";
import { adminOrLoginRedirect } from "../../../../_lib/auth";
import { onlyAllows } from "@/lib/http";

/** One session's export (wide.csv, long.csv, log.jsonl or page-times.csv), streamed as a download. */
export async function GET(_request: Request, { params }: { params: Promise<{ sname: string; format: string }> }) {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const { sname, format } = await params;
  return exportResponse(readDb(), format, { session: sname }, `${sname}-${format}`);
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
