// Runs every graphql-http server audit against the URL given and prints the results as JSON lines:
// {"id", "name", "status": "ok" | "notice" | "warn" | "error", "reason"}.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs <graphql endpoint URL>");
  process.exit(2);
}
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  console.log(JSON.stringify({ id: audit.id, name: audit.name, status: result.status, reason: result.reason ?? "" }));
}
