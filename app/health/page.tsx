import { connection } from "next/server";

/** A trivial page rendered on every request: a liveness check for people, and the bench's page floor. */
export default async function Health() {
  await connection();
  return <p className="p-8">Sprout is running. {new Date().toISOString()}</p>;
}
