import { dropRunDatabases, TEST_ENGINE } from "./engine";

/** Leaves the PostgreSQL server as the run found it: this run's databases are dropped. */
export default function globalTeardown() {
  if (TEST_ENGINE === "postgresql") dropRunDatabases();
}
