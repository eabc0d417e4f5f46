import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

// next-auth's own endpoints (csrf, sign-in callback, session); sign-out is /admin/logout/.
const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
