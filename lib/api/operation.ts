import type { z } from "zod";

// One API operation, described once: its address, what it takes (zod schemas that validate
// the request and also become the OpenAPI document), what it answers, and the code that runs
// it. lib/api/handle.ts serves it; lib/api/openapi.ts describes it.

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** A response that is not JSON (an export, the dump): streamed as it is read. */
export interface FileAnswer {
  contentType: string;
  description: string;
}

export interface Caller {
  /** the token's name */
  token: string;
  /** who the audit log and the field log record: "token:<name>" */
  actor: string;
  /** this server's address as the caller reached it, for the links it hands out */
  origin: string;
}

type Shape = z.ZodObject;

export interface Operation<P extends Shape = Shape, Q extends Shape = Shape, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** below /admin/api/v1, with {param} segments and the trailing slash: "/sessions/{sname}/" */
  path: string;
  /** OpenAPI tag: the group it is listed under */
  tag: string;
  summary: string;
  description?: string;
  /** needs a full-access token: it changes something, or hands out secrets (the dump); read-only tokens get 403 */
  full: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** a body problem the engine reports without naming a field is put on this one */
  bodyField?: string;
  status?: 200 | 201;
  /** the JSON answer's schema, or a file */
  response: z.ZodType | FileAnswer;
  run: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; caller: Caller; request: Request }) => Promise<unknown>;
}

/** Declares an operation with its types inferred from its schemas. */
export function operation<P extends Shape = Shape, Q extends Shape = Shape, B extends z.ZodType = z.ZodType>(op: Operation<P, Q, B>): Operation {
  return op as unknown as Operation;
}

export const isFileAnswer = (r: Operation["response"]): r is FileAnswer => "contentType" in r && typeof (r as FileAnswer).contentType === "string";
