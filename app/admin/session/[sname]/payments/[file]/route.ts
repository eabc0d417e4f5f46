import { paymentFile } from "@/lib/data/payments";
import { errorResponse, onlyAllows } from "@/lib/http";
import { readDb } from "@/lib/store/db";
import { adminOrLoginRedirect } from "../../../../_lib/auth";

/** A session's payments download: bonus.csv (Prolific's bulk bonus format) or payments.csv. */
export async function GET(_request: Request, { params }: { params: Promise<{ sname: string; file: string }> }) {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const { sname, file } = await params;
  try {
    const { name, body } = await paymentFile(readDb(), sname, file);
    return new Response(body, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"`, "cache-control": "no-store" },
    });
  } catch (e) {
    return errorResponse(e, `GET payments ${file}`);
  }
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
