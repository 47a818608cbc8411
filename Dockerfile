# Postie: one container runs every configured front-end. Configure it with environment variables
# (see .env.example); keep /app/data on a volume so the embedded store survives restarts.

# --- build: install everything, bundle the TypeScript (scripts/build.ts), pack what ships ---------
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# `prepare` builds, and the sources are not here yet: install first, build after copying them.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json README.md LICENSE ./
COPY scripts ./scripts
COPY src ./src
COPY locales ./locales
# The package as `npm pack` makes it: `files` in package.json is the one list of what ships.
RUN npm run build && npm pack --ignore-scripts && mv postie-*.tgz postie.tgz

# --- runtime: the packed package and its production dependencies, nothing else ------------------
# test/packed-install.test.ts replays these steps (no Docker needed) and starts Postie.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    STORE_URL=sqlite://data/postie.sqlite
WORKDIR /app
COPY --from=build /app/postie.tgz /tmp/postie.tgz
COPY package-lock.json .npmrc ./
# The lockfile pins what `npm ci` installs; --omit=optional leaves out TypeScript (an optional peer of
# i18next) and other optional packages nothing here loads.
RUN tar -xzf /tmp/postie.tgz --strip-components=1 && rm /tmp/postie.tgz \
 && npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force \
 && mkdir data && chown node:node data
USER node
# Node's compile cache (src/cli/index.ts, in /tmp) filled with what `postie start` loads, so that the first
# start need not compile it all: `start --help` loads the command's modules and exits.
RUN node dist/cli/index.js start --help >/dev/null
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/cli/index.js", "start"]
