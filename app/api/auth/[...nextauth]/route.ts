import NextAuth from "next-auth";
import { authOptionsFor } from "@/lib/auth/next-auth";

// next-auth's own endpoints (csrf, sign-in callback, session); sign-out is /admin/logout/.
// Options per request: over https (directly, or per TRUST_PROXY's X-Forwarded-Proto) its cookies are Secure.
type Context = { params: Promise<{ nextauth: string[] }> };
const handler = (req: Request, context: Context) => NextAuth(req as never, context, authOptionsFor(req.headers));
export { handler as GET, handler as POST };
