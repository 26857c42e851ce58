# syntax=docker/dockerfile:1
# One image for every relaymesh service: `relaymesh <service>` is the entrypoint
# (watcher, verifier, batcher, settler, api, migrate, all). Built from the
# repository root: `docker build -t relaymesh:dev .` (see deploy/README.md).
#
# The image runs compiled JavaScript: `npm run build` (esbuild, scripts/build.mjs)
# compiles every workspace package to its dist/ and Vite builds the explorer page
# in a stage with the dev dependencies; the runtime gets the production
# dependencies (`npm ci --omit=dev`), each package's package.json and output, the
# migrations and the bin, and no TypeScript sources: services/cli/bin/relaymesh.js
# then runs the compiled CLI (the `relaymesh-compiled` export condition).
ARG NODE_IMAGE=node:24-bookworm-slim

# --- 1. The package manifests alone, so dependencies reinstall only when they change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -name package.json -not -path '*/node_modules/*' -print0 \
      | xargs -0 -I{} install -D -m 0644 {} /manifests/{} \
 && install -m 0644 package-lock.json /manifests/package-lock.json

# --- 2a. Compiled JavaScript and the explorer page, built with the dev dependencies (esbuild, Vite).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --ignore-scripts
COPY . .
# /out: each package's manifest, compiled output, migrations and the bin, without sources or node_modules.
# JavaScript only (build:js): declarations are for the published packages (scripts/packPackages.mjs), not the image.
# No development code either: the devnet (services/devnet, libs/devnet: signers, load generator, faults), the local chains
# (libs/localchain, LiteSVM's libs/solana local), test helpers and benches. `relaymesh devnet` then says it is not
# installed (services/cli/src/loadDevnet.ts); test/productionInstall.test.ts proves no service reaches them.
RUN npm run build:js && npm run build:explorer \
 && mkdir /out \
 && tar -c --exclude=node_modules --exclude='*/src' --exclude='*/scripts' --exclude='*/solidity' --exclude='*/test' \
      --exclude='*/bench' --exclude='*/dist/testing' --exclude=libs/localchain/dist --exclude=services/devnet/dist \
      --exclude=libs/devnet \
      --exclude=libs/solana/dist/local \
      libs services contracts | tar -x -C /out

# --- 2. Production dependencies and the compiled packages, assembled under /app.
FROM ${NODE_IMAGE} AS assemble
# Native addons (@chainsafe/blst, litesvm) ship prebuilt binaries; the toolchain is the
# fallback when none matches, and stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=manifests /manifests/ ./
# --ignore-scripts: the root `prepare` script is the build, done in the stage above. npm installs every workspace's
# dependencies, so anvil, LiteSVM and solc are devDependencies wherever they are listed (376 MB when they were not).
# npm keeps a package that is a devDependency and also an optional peer of a production package (flagged devOptional
# in the lock: typescript, through viem and @solana/kit; @types/pg) unless optional dependencies are omitted too, which
# would drop the native addons' prebuilt binaries: they are removed by name (test/productionInstall.test.ts keeps this
# list equal to the lock's devOptional packages). 216 MB -> 205 MB with this and one @solana/kit.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 && rm -rf node_modules/typescript node_modules/@types/pg
COPY --from=build /out/ ./
# Smoke test: with no sources the CLI runs its compiled build, and every package it loads resolves.
RUN node services/cli/bin/relaymesh.js --help > /dev/null \
 && ! node services/cli/bin/relaymesh.js devnet 2> /dev/null \
 && test ! -e node_modules/@foundry-rs && test ! -e node_modules/litesvm && test ! -e node_modules/typescript \
 && du -sh node_modules

# --- 3. Runtime: no compiler, no npm cache, sources owned by root and read-only to the service user.
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="relaymesh" \
      org.opencontainers.image.description="Cross-chain relayer mesh: watcher, verifier, batcher, settler, api" \
      org.opencontainers.image.source="https://github.com/relaymesh/relaymesh" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
# The V8 flags every service runs with: SERVICE_NODE_FLAGS in libs/devnet/src/serviceNodeFlags.ts says why
# (a test keeps the two equal). A chart value that sets NODE_OPTIONS replaces them.
ENV NODE_OPTIONS="--max-semi-space-size=8"
# tini as PID 1: it forwards SIGTERM to the service (Node as PID 1 gets no default signal actions, so a second
# SIGTERM or a signal before the service's handlers are installed would do nothing) and reaps zombies (any child
# process a library spawns). No Docker engine here: the image was not built with this change.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=assemble /app /app
RUN ln -s /app/services/cli/bin/relaymesh.js /usr/local/bin/relaymesh
# The `node` user of the base image (uid 1000), which the Helm chart's
# podSecurityContext also names.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--", "relaymesh"]
CMD ["--help"]
