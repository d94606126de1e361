# The adpilot app (run with --role bot or --role worker; docker-compose.yml runs both). Node 24 runs the TypeScript
# sources directly; no build step. Not built here (no Docker engine on the machine it was written on).
FROM node:24-bookworm-slim
WORKDIR /app
RUN chown node:node /app
USER node
COPY --chown=node:node package.json package-lock.json ./
# As ./adpilot installs: not `npm ci`, which refuses a lockfile lacking other platforms' optional binaries;
# --no-save leaves the lockfile as committed. Dev tools (jest, eslint, tsc) are not needed to run.
RUN npm install --no-save --omit=dev --no-fund --no-audit --loglevel=error
COPY --chown=node:node src ./src
COPY --chown=node:node migrations ./migrations
ENV NODE_ENV=production
CMD ["node", "src/main.ts", "--role", "all"]
