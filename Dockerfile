# Tessera's container image, made from the packed tarball (`npm pack`) and run as a non-root user.
# Not built on the project's own machines (they have no container runtime): see README, "Containers".
#   docker build -t tessera .
#   docker run -p 4566:4566 -p 4567:4567 -v tessera-data:/data tessera

# Build: compile, pack, and install the tarball with its production dependencies (the toolchain of the full
# image is there in case better-sqlite3 has no prebuilt binary for the platform).
FROM node:20-bookworm AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm pack --ignore-scripts --pack-destination /tmp \
 && mkdir /opt/tessera \
 && cd /opt/tessera \
 && echo '{"private":true}' > package.json \
 && npm install --no-audit --no-fund --omit=dev /tmp/tessera-iam-*.tgz

# Run: the installed package only, on the slim image of the same Node and Debian.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    TESSERA_HOST=0.0.0.0 \
    TESSERA_DATA=/data \
    PATH=/opt/tessera/node_modules/.bin:$PATH
COPY --from=build /opt/tessera /opt/tessera
RUN mkdir /data && chown node:node /data
USER node
WORKDIR /data
VOLUME /data
EXPOSE 4566 4567
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.TESSERA_PORT || 4566) + '/_ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["tessera"]
CMD ["serve"]
