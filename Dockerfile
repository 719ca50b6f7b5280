# moderato: the chat bot (Discord, Slack) in a container.
#   docker build -t moderato .
#   docker run -d --name moderato --env-file .env -v moderato-data:/data moderato
# The database lives in the /data volume; every setting comes from the environment (README, « Configuration »).

# ── Build: TypeScript and better-sqlite3's native module, with the dev dependencies ──
FROM node:20-bookworm-slim AS build
# node-gyp builds better-sqlite3 when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# The lockfile is written by npm 11 (Vite 8 needs it to install).
RUN npm install -g npm@11.19.1
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# « prepare » compiles src/ into dist/ during the install (scripts/build.mjs runs tsc).
RUN npm ci --no-audit --no-fund
RUN npm prune --omit=dev --no-audit --no-fund

# ── Run: Node 20, the compiled bot and its production dependencies only, as an unprivileged user ──
FROM node:20-bookworm-slim
ENV NODE_ENV=production DATABASE_PATH=/data/moderato.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json rubric.yaml ./
COPY migrations ./migrations
COPY scenarios ./scenarios
COPY lexicons ./lexicons
COPY assets ./assets
# /app/data points at the volume: the default DATABASE_PATH (./data/moderato.db, as in .env.example) lands there too.
RUN mkdir -p /data && chown node:node /data && ln -s /data /app/data
# « node » (uid 1000) comes with the official image.
USER node
VOLUME ["/data"]
# Database writable and migrated, heartbeat fresh with every adapter connected (« moderato health »).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "dist/cli.js", "health"]
# SIGTERM: new events are refused, those under way finish (8 s at most), then the database closes.
STOPSIGNAL SIGTERM
CMD ["node", "dist/cli.js", "start"]
