import { z } from "zod";
import { fieldHistory } from "@/lib/data/browser";
import { onlyAllows, textResponse } from "@/lib/http";
import { readDb } from "@/lib/store/db";
import { adminOrLoginRedirect } from "../../../_lib/auth";

const ZQuery = z.object({
  kind: z.enum(["session", "group", "player"]),
  id: z.coerce.number().int().positive(),
  key: z.string().min(1).max(200),
});

/** A field's whole history (every write, with its provenance), for the data browser's cell details. */
export async function GET(request: Request, { params }: { params: Promise<{ sname: string }> }) {
  const admin = await adminOrLoginRedirect();
  if (admin instanceof Response) return admin;
  const { sname } = await params;
  const query = ZQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return textResponse(400, "A history needs kind (session, group or player), id and key");
  const history = await fieldHistory(readDb(), sname, { kind: query.data.kind, id: query.data.id }, query.data.key);
  if (!history) return textResponse(404, `There is no session "${sname}"`);
  return Response.json(history, { headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE } = onlyAllows("GET");
