# Sprout's container image (docs/deploy.md). Two stages: `build` installs everything, builds,
# then prunes to production dependencies; the final stage copies only what runs.
# tests/integration/deploy/container.test.ts reads this file and performs the final stage
# without a Docker engine: keep each instruction on one logical line it can parse.

FROM node:20-bookworm-slim AS build
# better-sqlite3 has no prebuilt binary for every platform: node-gyp compiles it.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The lockfile and package.json's allowScripts (which stop Prisma's engine download) are
# npm 11's; node:20 ships npm 10.
RUN npm install -g npm@11.19.1
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first (a layer that survives source edits). postinstall generates the Prisma
# clients from the schemas, so those come along. `npm install`, not `npm ci`: the lockfile
# written on linux-x64 lacks other platforms' optional binaries (../shared/STACK.md).
COPY package.json package-lock.json ./
COPY prisma ./prisma
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
# Turbopack's build cache: not read at run time (about 60 MB).
RUN rm -rf .next/cache
# Production dependencies only. `npm prune --omit=dev` keeps a devDependency that a production
# package names as an optional peer (@prisma/client names prisma and typescript), so every
# devDependency is also uninstalled by name; a production package that really depends on one
# (engine.io on @types/node) keeps it. Offline: nothing is fetched or compiled.
RUN npm prune --omit=dev --offline --ignore-scripts --no-audit --no-fund \
 && npm uninstall --no-save --omit=dev --offline --ignore-scripts --no-audit --no-fund $(node -p "Object.keys(require('./package.json').devDependencies).join(' ')")

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 NEXT_TELEMETRY_DISABLED=1
# JSON log lines for the log collector; requests in flight get 8 s at SIGTERM, inside
# `docker stop`'s 10 s before it kills.
ENV LOG_FORMAT=json SPROUT_SHUTDOWN_TIMEOUT_MS=8000
# What runs: the pruned dependencies, the Next build, the bundled server and CLI, and the
# migrations (SQL folders the server applies at start, under a lock on PostgreSQL). The
# files stay root's: the server's user can read them, not change them.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/next.config.ts ./
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/prisma/postgres/migrations ./prisma/postgres/migrations
# The SQLite default (data/sprout.sqlite3) when DATABASE_URL is not set: the one writable place.
RUN mkdir -p data && chown node:node data
VOLUME ["/app/data"]
USER node
EXPOSE 8000
# Readiness: the database answers, migrations are applied, the sweeper runs (no curl in slim).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/api/health/ready/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: Node is PID 1's child under `init: true` (compose) or PID 1 itself, and gets
# SIGTERM directly; the server drains and exits on it.
CMD ["node", "dist/server.js"]
