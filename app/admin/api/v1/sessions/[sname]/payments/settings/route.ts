import { apiRoute } from "@/lib/api/routes";

export const { GET, POST, PUT, PATCH, DELETE } = apiRoute("/sessions/{sname}/payments/settings/");
