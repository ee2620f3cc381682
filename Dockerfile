# The add-in server for a firm: the built task pane and /api on one origin (src/server).
#
#   docker build -t ims-for-excel .
#   docker run -p 8443:8443 \
#     -e IMS_UPSTREAM=provider -e IMS_API_KEY=… -e IMS_API_SECRET=… \
#     -e IMS_ACCESS_KEY=$(openssl rand -hex 24) -e IMS_PUBLIC_URL=https://ims.firm.example:8443 \
#     -e IMS_TLS_CERT=/certs/fullchain.pem -e IMS_TLS_KEY=/certs/privkey.pem -v /etc/ims-certs:/certs:ro \
#     ims-for-excel
#
# It listens on 0.0.0.0:8443 and so refuses to start without IMS_ACCESS_KEY, and without TLS
# (IMS_TLS_CERT/IMS_TLS_KEY, or IMS_TLS=off behind a TLS-terminating proxy). The API key and
# secret can also come from a configuration file mounted outside the image, readable by its
# owner only: -e IMS_CONFIG=/config/server.json -v /etc/ims:/config:ro. See README.md, "The server".

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    IMS_HOST=0.0.0.0 \
    IMS_PORT=8443 \
    IMS_SANDBOX_DATA=memory
# The server is one bundled file (dependencies included) plus the built pane.
COPY --from=build /app/dist ./dist
COPY --from=build /app/dist-server ./dist-server
USER node
EXPOSE 8443
CMD ["node", "dist-server/ims-server.cjs"]
