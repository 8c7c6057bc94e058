# The berth Docker Desktop extension: the host, its plugins, the UI and the extension metadata.
#   docker build -t berth-extension .            (make build-extension)
# Stages: ui (Node: the dashboard tab), build (the C++ host and plugins), then the runtime image.
# Base images are arguments so that tests and offline machines can use a local Debian 12 image.
ARG BUILD_IMAGE=debian:bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim
# The UI's build stage: any image with Node 18+ and npm (tests pass a local Debian one).
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- ui: the dashboard tab, built by Vite from ui/ and its lock file -------------------------
FROM ${NODE_IMAGE} AS ui
WORKDIR /src/ui
COPY ui/package.json ui/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY ui/ ./
RUN npm run build

# ---- build: the host and the shipped plugins, one toolchain, no tests or benchmarks ----------
FROM ${BUILD_IMAGE} AS build
# valijson is header-only, but its package depends on Qt, Poco and more for adapters berth does
# not use (~200 packages): its headers are unpacked without them. force-unsafe-io: no fsync per
# unpacked file (Boost alone is ~14,000 headers) in a stage that is thrown away anyway.
RUN echo force-unsafe-io >/etc/dpkg/dpkg.cfg.d/unsafe-io \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ make cmake pkg-config \
      libpistache-dev libssl-dev libhttp-parser-dev libboost-dev libboost-filesystem-dev \
      libyaml-cpp-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libre2-dev \
      libcli11-dev libcurl4-openssl-dev prometheus-cpp-dev \
 && cd /tmp && apt-get download libvalijson-dev && dpkg-deb -x libvalijson-dev_*.deb / \
 && rm -rf /var/lib/apt/lists/* /tmp/*.deb
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY sdk sdk
COPY core core
COPY plugins plugins
COPY bench bench
# MinSizeRel (-Os, no debug info), what bench/ measures: the smallest resident footprint for a few
# percent of throughput. Plugins land in /usr/lib/berth/plugins (BERTH_PLUGIN_INSTALL_DIR), what
# the config names.
# Only the host and the plugins (each plugins/<name>/ builds target <name>): no benchmarks, no
# test host; `--component runtime` installs exactly those.
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=MinSizeRel -DBUILD_TESTING=OFF \
      -DCMAKE_INSTALL_PREFIX=/usr \
 && cmake --build build -j"$(nproc)" --target berth \
      $(find plugins -mindepth 2 -maxdepth 2 -name CMakeLists.txt | cut -d/ -f2) \
 && DESTDIR=/stage cmake --install build --component runtime --strip

# ---- runtime: berth, the plugins and their shared libraries only ----------------------------
# berth links its own libraries statically (cmake/berthDependencies.cmake) but prometheus-cpp's
# core (Debian ships it shared only); libcurl is the docker plugin's, libre2 the runner's
# (Debian's static RE2 cannot go into a shared object).
FROM ${RUNTIME_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libcurl4 libre2-9 \
      libprometheus-cpp-core1.0 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/berth /var/lib/berth-config /run/guest-services
COPY --from=build /stage/usr/ /usr/
# The shipped config, in the image so that an update brings the new one; the user's edits go to
# the overlay in the berth-config volume (compose.yaml).
COPY config/extension/ /etc/berth/
# Docker Desktop reads these from the image's root.
COPY metadata.json compose.yaml /
# Only the built UI (metadata.json's dashboard tab: ui/dist/index.html) and the icon.
COPY --from=ui /src/ui/dist/ /ui/dist/
COPY ui/icon.svg /ui/icon.svg
# Refuse to produce an image whose plugins or config berth rejects (missing library, signature).
RUN berth --check --config /etc/berth/berth.yaml

ARG BERTH_VERSION=0.2.0
ARG PUBLISHER_URL=https://example.invalid/berth
ARG ICON_URL=https://example.invalid/berth/icon.svg
ARG SCREENSHOT_URL=https://example.invalid/berth/screenshot.png
LABEL org.opencontainers.image.title="berth" \
      org.opencontainers.image.description="A plugin host as the backend of this extension: hello, notes and a job runner over the extension socket." \
      org.opencontainers.image.vendor="berth" \
      org.opencontainers.image.version="${BERTH_VERSION}" \
      com.docker.desktop.extension.api.version=">= 0.3.4" \
      com.docker.desktop.extension.icon="${ICON_URL}" \
      com.docker.extension.screenshots="[{\"alt\": \"berth: plugins, notes and jobs\", \"url\": \"${SCREENSHOT_URL}\"}]" \
      com.docker.extension.detailed-description="<p>berth loads C++ plugins and serves their routes on the extension socket. This extension ships <b>hello</b>, <b>notes</b> (notes kept in SQLite on a volume) and <b>runner</b> (allow-listed commands as jobs with progress).</p>" \
      com.docker.extension.publisher-url="${PUBLISHER_URL}" \
      com.docker.extension.additional-urls="[{\"title\": \"Documentation\", \"url\": \"${PUBLISHER_URL}\"}]" \
      com.docker.extension.categories="utility-tools" \
      com.docker.extension.changelog="<ul><li>${BERTH_VERSION}: first release: hello, notes, runner; berth health for the healthcheck.</li></ul>"

CMD ["berth", "--config", "/etc/berth/berth.yaml", \
     "--overlay", "/var/lib/berth-config/berth.overlay.yaml", \
     "--socket", "/run/guest-services/backend.sock"]
