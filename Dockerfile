# syntax=docker/dockerfile:1
# chaos-exchange in a container: `docker build -t chaos-exchange .` then
# `docker run --rm -p 8080:8080 chaos-exchange` serves the looping `demo` outage on http://127.0.0.1:8080.
# Pick a scenario and seed with -e CHAOS_EXCHANGE_SCENARIO=... -e CHAOS_EXCHANGE_SEED=...; the account keys are printed at start.

# Build stage: all dependencies, compile the TypeScript to dist/ and bundle the CLI into dist/cli/,
# with the built-in scenarios parsed beside it (so the build reads scenarios/ too).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server/src ./server/src
COPY server/bundle-cli.mjs ./server/bundle-cli.mjs
COPY scenarios ./scenarios
RUN npm run build

# Runtime stage: production dependencies, the compiled code, the CLI, the built-in scenarios and the dashboard's files.
FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY scenarios ./scenarios
COPY server/ui ./server/ui
COPY --from=build /app/dist ./dist
# A folder for `serve --report chaos-report` (docker-compose.bot.yml mounts a named volume there, and a
# new named volume takes this folder's mode): the node user may write the verdict files into it.
RUN mkdir -m 1777 chaos-report
USER node
EXPOSE 8080
# Slim images have no curl: node itself asks the control API's state (from loopback, which it always
# answers) for a mode (any mode: a scripted maintenance is the exchange working as told, not a broken
# container). The control API is served under every exchange, meets no fault rule and is not journaled,
# so the probe never counts as a bot's request in the verdict. During the start
# period it probes every second (Docker Engine 25+), so a container that serves in a fraction of a
# second is healthy about one second after start, and `depends_on: condition: service_healthy` holds
# a bot that long; then every 10 s. The syntax line above lets older builders parse --start-interval.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --start-interval=1s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/__chaos/state').then((r) => r.json()).then((b) => process.exit(typeof b.mode?.global === 'string' ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/chaos-exchange.js", "serve", "--host", "0.0.0.0", "--port", "8080"]
