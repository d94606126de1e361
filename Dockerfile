# The adpilot app (worker + bot). Node 24 runs the TypeScript sources directly; no build step.
FROM node:24-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-fund --no-audit
COPY src ./src
COPY migrations ./migrations
ENV NODE_ENV=production
CMD ["node", "src/main.ts"]
