# The host's libraries. Plugins share only libstdc++ and libc with the host (their ABI is the SDK's
# plain types), so the libraries behind the host's own layers are linked from their static
# archives by default (BERTH_STATIC_DEPS): each shared library costs a process its symbol tables,
# relocations and partly touched pages, ~0.3-1.5 MB of resident memory apiece for Pistache,
# SQLite, yaml-cpp and the libssl/libcrypto Pistache links (bench/results). The runtime image
# then needs no library packages but libcurl's (the docker plugin).
option(BERTH_STATIC_DEPS "Link Pistache, http-parser, yaml-cpp, SQLite and Boost.Filesystem statically" ON)

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
set(Boost_USE_STATIC_LIBS ${BERTH_STATIC_DEPS})
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(yaml-cpp REQUIRED)
pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)

if(BERTH_STATIC_DEPS)
  # FindSQLite3 (behind SQLiteCpp, itself always a static archive in Debian) takes this library.
  find_library(BERTH_SQLITE3_ARCHIVE NAMES libsqlite3.a REQUIRED)
  set(SQLite3_LIBRARY ${BERTH_SQLITE3_ARCHIVE} CACHE FILEPATH "SQLite for SQLiteCpp" FORCE)
  find_library(BERTH_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a REQUIRED)
  find_library(BERTH_PISTACHE_ARCHIVE NAMES libpistache.a REQUIRED)
  find_library(BERTH_HTTP_PARSER_ARCHIVE NAMES libhttp_parser.a REQUIRED)
  set(HTTP_PARSER_LIB ${BERTH_HTTP_PARSER_ARCHIVE})

  add_library(berth_yaml_cpp STATIC IMPORTED)
  set_target_properties(berth_yaml_cpp PROPERTIES IMPORTED_LOCATION ${BERTH_YAML_CPP_ARCHIVE})
  # berth_config is exported for the test host, which links the installed shared yaml-cpp.
  set(BERTH_YAML_CPP $<BUILD_INTERFACE:berth_yaml_cpp> $<INSTALL_INTERFACE:yaml-cpp>)

  # Pistache's peer and transport call SSL_read, SSL_write and SSL_free only for a peer that has
  # a TLS session, which berth never creates (its listeners are its own, see core/http/acceptor.h).
  # Those three come from core/http/pistache_without_tls.c instead of libssl and libcrypto.
  add_library(berth_pistache STATIC IMPORTED)
  set_target_properties(berth_pistache PROPERTIES
    IMPORTED_LOCATION ${BERTH_PISTACHE_ARCHIVE}
    INTERFACE_INCLUDE_DIRECTORIES "${PISTACHE_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "berth_pistache_without_tls;Threads::Threads")
else()
  find_library(HTTP_PARSER_LIB http_parser REQUIRED)
  add_library(berth_pistache INTERFACE IMPORTED)
  set_target_properties(berth_pistache PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::PISTACHE)
  set(BERTH_YAML_CPP yaml-cpp)
endif()
find_package(SQLiteCpp REQUIRED)
# The text exposition of GET /_berth/metrics (core/metrics/families.cc). Debian has no static
# archive of it: the host links the shared library, the runtime image installs it.
find_package(prometheus-cpp CONFIG REQUIRED COMPONENTS core)  # Debian 12: 1.0.1

# RE2 matches the patterns a config file gives (the runner's params) in linear time without
# recursion. Always the shared library: Debian's libre2.a is not position-independent (its TLS uses
# the local-exec model), so it cannot go into a plugin; the runtime image installs libre2-9.
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
add_library(berth_re2 INTERFACE IMPORTED)
set_target_properties(berth_re2 PROPERTIES INTERFACE_LINK_LIBRARIES PkgConfig::RE2)
