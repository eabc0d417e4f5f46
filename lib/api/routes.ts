import { routeHandlers } from "./handle.ts";
import { OPERATIONS } from "./operations/index.ts";

/** What a route file under app/admin/api/v1 exports: its path's operations (the file's place must match the path). */
export const apiRoute = (path: string) => routeHandlers(OPERATIONS, path);
