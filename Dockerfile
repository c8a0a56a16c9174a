# aksdr control-plane image: Node 24 LTS, production dependencies only, runs as a non-root user.
# Read-only root friendly: aksdr writes only to $AKSDR_STATE_DIR (the file store, when Blob Storage
# is not configured) and /tmp; mount both as writable volumes (the Kubernetes manifests do).
# `docker run … aksdr serve --policies /etc/aksdr/policies` runs the service on port 8080.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev && rm -rf node_modules/node

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    AKSDR_STATE_DIR=/var/lib/aksdr
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY policies ./policies
RUN mkdir -p /var/lib/aksdr && chown node:node /var/lib/aksdr
USER node
EXPOSE 8080
# The service's liveness endpoint, with Node's own fetch (the slim image has no curl); harmless for
# one-shot CLI runs, which never become "healthy" and do not need to.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/bin/aksdr"]
CMD ["--help"]
