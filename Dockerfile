# syntax=docker/dockerfile:1
# The portal as a container: Next's standalone output (the server and only the node_modules it needs), run as a
# non-root user. `docker compose up` (compose.yaml) runs two of these on PostgreSQL 17 behind Caddy.
# tests/container.test.ts copies the build the way the last stage below does and starts it with this CMD.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx next build

FROM ${NODE_IMAGE} AS run
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 DATA_DIR=/data
RUN groupadd --system --gid 1001 steward \
  && useradd --system --uid 1001 --gid steward --no-create-home --home-dir /app steward \
  && mkdir /data && chown steward:steward /data
COPY --from=build --chown=steward:steward /app/.next/standalone ./
COPY --from=build --chown=steward:steward /app/.next/static ./.next/static
# Read at run time from the working directory: the migrations (db/client.ts) and the page that renders this document.
COPY --from=build --chown=steward:steward /app/db/migrations ./db/migrations
COPY --from=build --chown=steward:steward /app/docs/FAILURE-MODES.md ./docs/FAILURE-MODES.md
USER steward
EXPOSE 3000
# Only the embedded store (no DATABASE_URL) writes here; with PostgreSQL it stays empty.
VOLUME /data
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
