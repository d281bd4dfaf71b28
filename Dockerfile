# The ledger API: one image for both profiles, chosen by environment variables alone (see
# apps/api/src/config.ts). docker-compose.yml runs it both ways.
#
# better-sqlite3 (the embedded profile's store) compiles here when no prebuilt binary fits, so the
# build stage has a toolchain; the runtime stage has none.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
# Only what the image runs: apps/ (the API, and the `ledger` CLI) and libs/. tsconfig.build.json
# also lists bench/, left out on purpose: tsc skips an include that matches nothing, and the bench
# is a development tool (it may use the test helpers in test/support, which are not here either).
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 LEDGER_DATA_DIR=/data
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
# The embedded profile keeps the ledger in /data: mount a volume there (docker-compose.yml's
# `embedded` service does). The directory belongs to the user the API runs as, so that a new
# volume mounted on it is writable too. The production profile writes nothing here.
RUN mkdir -p /data && chown node:node /data
EXPOSE 3000
USER node
CMD ["node", "dist/apps/api/src/main.js"]
