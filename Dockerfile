# syntax=docker/dockerfile:1.7
# One image for both processes: the app (default command) and the worker (docker-compose overrides the command).

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ── deps: exact dependency tree from the lockfile (postinstall runs `prisma generate`)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# The npm this project is developed with (honours package.json "allowScripts").
RUN npm install -g npm@11.19.1 && npm cache clean --force
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

# ── build: the Next.js production build, then drop dev dependencies
FROM deps AS build
COPY . .
RUN mkdir -p public
# Placeholders so modules that validate the environment at import can be loaded during `next build`.
# They exist only in this build stage; real secrets come from the environment at run time.
RUN SKIP_ENV_VALIDATION=1 NODE_ENV=production \
    JWT_SECRET=build-only-placeholder-not-a-secret-000000 \
    JWT_REFRESH_SECRET=build-only-placeholder-not-a-secret-000000 \
    ENCRYPTION_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ── runtime: non-root, only what the two processes need
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# NODE_OPTIONS and MALLOC_ARENA_MAX bound the app server's memory (scripts/node-options.ts, same values; bench/README.md
# "Soak"). A worker container given more room may override NODE_OPTIONS.
ENV NODE_ENV=production \
    PORT=8000 \
    HOSTNAME_BIND=0.0.0.0 \
    NEXT_TELEMETRY_DISABLED=1 \
    NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=8" \
    MALLOC_ARENA_MAX=2
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json /app/tsconfig.json /app/next.config.mjs /app/prisma.config.ts ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/.next ./.next
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/src ./src
COPY --from=build --chown=node:node /app/worker ./worker
COPY --from=build --chown=node:node /app/scripts ./scripts
COPY --from=build --chown=node:node /app/public ./public
RUN mkdir -p /app/storage && chown node:node /app/storage
USER node
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/status/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm run start:app` runs, started without npm: npm runs scripts through `sh -c`, which does not pass
# SIGTERM on, so `docker stop` would kill the server mid-request instead of letting it finish.
CMD ["node_modules/.bin/tsx", "scripts/server.ts"]
