import { errorResponse } from "@/lib/http";
import { db } from "@/lib/store/db";

/** Liveness for load balancers and monitors: answers 200 when the database answers. Also the bench's route floor. */
export async function GET() {
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ ok: true });
  } catch (e) {
    return errorResponse(e, "GET /api/health/");
  }
}
