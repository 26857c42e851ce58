# syntax=docker/dockerfile:1
# One image for every relaymesh service: `relaymesh <service>` is the entrypoint
# (watcher, verifier, batcher, settler, api, migrate, all). Built from the
# repository root: `docker build -t relaymesh:dev .` (see deploy/README.md).
#
# relaymesh has no build step: services/cli/bin/relaymesh.js registers tsx and
# runs the TypeScript sources. tsx is a runtime dependency of @relaymesh/cli
# (services/cli/package.json "dependencies"), so `npm ci --omit=dev` keeps it;
# only root devDependencies (eslint, typescript, solc, helm, kubernetes-models) go.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- 1. The package manifests alone, so dependencies reinstall only when they change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -name package.json -not -path '*/node_modules/*' -print0 \
      | xargs -0 -I{} install -D -m 0644 {} /manifests/{} \
 && install -m 0644 package-lock.json /manifests/package-lock.json

# --- 2a. The explorer page (issue 17): built with its dev toolchain (Vite, Preact), only its output is kept.
FROM ${NODE_IMAGE} AS explorer
WORKDIR /src
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build:explorer

# --- 2. Production dependencies and the sources, assembled under /app.
FROM ${NODE_IMAGE} AS build
# Native addons (@chainsafe/blst) ship prebuilt binaries; the toolchain is the
# fallback when none matches, and stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund
# .dockerignore keeps node_modules, tests, benches and the chart out of this copy.
COPY . .
# The api serves the explorer from libs/explorer/dist (its default path).
COPY --from=explorer /src/libs/explorer/dist ./libs/explorer/dist
# Smoke test: tsx loads, every workspace resolves, the CLI prints its usage.
RUN node services/cli/bin/relaymesh.js --help > /dev/null \
 && rm -rf /tmp/tsx-*

# --- 3. Runtime: no compiler, no npm cache, sources owned by root and read-only to the service user.
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="relaymesh" \
      org.opencontainers.image.description="Cross-chain relayer mesh: watcher, verifier, batcher, settler, api" \
      org.opencontainers.image.source="https://github.com/relaymesh/relaymesh" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
RUN ln -s /app/services/cli/bin/relaymesh.js /usr/local/bin/relaymesh
# The `node` user of the base image (uid 1000), which the Helm chart's
# podSecurityContext also names. tsx writes its compile cache under /tmp.
USER 1000:1000
ENTRYPOINT ["relaymesh"]
CMD ["--help"]
