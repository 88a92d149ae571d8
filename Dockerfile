# syntax=docker/dockerfile:1
# The API server image: compiled in one stage, run from a second that holds only production
# dependencies and dist/.

FROM node:20-bookworm-slim AS base
# Node 20 bundles npm 10, which ignores package.json's allowScripts and runs every install script;
# npm >= 11.16 applies that allow-list, the same npm as development and CI.
ARG NPM_VERSION=11.19.1
RUN npm install --global --no-audit --no-fund "npm@${NPM_VERSION}"
WORKDIR /app

FROM base AS build
# Lockfile first, so the dependency layer is reused until the dependencies change.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM base AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# package.json is needed at run time as well: its "type" decides how Node loads dist/.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/api/schema.graphql ./apps/api/schema.graphql
# Files stay owned by root: the server can read its code but never rewrite it.
USER node
EXPOSE 3000
# The start period covers connecting to PostgreSQL (and any pending migrations) before the server listens.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
